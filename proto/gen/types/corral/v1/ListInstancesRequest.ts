// Original file: corral/v1/instances.proto


export interface ListInstancesRequest {
  'with_state'?: (boolean);
}

export interface ListInstancesRequest__Output {
  'with_state': (boolean);
}
