// Original file: corral/v1/instances.proto


export interface SnapshotRequest {
  'instance'?: (string);
  'name'?: (string);
}

export interface SnapshotRequest__Output {
  'instance': (string);
  'name': (string);
}
