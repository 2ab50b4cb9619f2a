// Original file: corral/v1/instances.proto


export interface GetInstanceRequest {
  'name'?: (string);
  'with_state'?: (boolean);
}

export interface GetInstanceRequest__Output {
  'name': (string);
  'with_state': (boolean);
}
