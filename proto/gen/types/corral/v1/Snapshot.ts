// Original file: corral/v1/instances.proto


export interface Snapshot {
  'instance'?: (string);
  'name'?: (string);
  'created_at'?: (string);
  'stateful'?: (boolean);
  'expires_at'?: (string);
}

export interface Snapshot__Output {
  'instance': (string);
  'name': (string);
  'created_at': (string);
  'stateful': (boolean);
  'expires_at': (string);
}
