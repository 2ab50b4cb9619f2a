// Original file: corral/v1/cluster.proto


export interface CreateJoinTokenRequest {
  'name'?: (string);
  'ttl_s'?: (number);
}

export interface CreateJoinTokenRequest__Output {
  'name': (string);
  'ttl_s': (number);
}
