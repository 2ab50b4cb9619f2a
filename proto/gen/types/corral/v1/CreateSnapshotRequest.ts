// Original file: corral/v1/instances.proto


export interface CreateSnapshotRequest {
  'instance'?: (string);
  'name'?: (string);
  'stateful'?: (boolean);
}

export interface CreateSnapshotRequest__Output {
  'instance': (string);
  'name': (string);
  'stateful': (boolean);
}
