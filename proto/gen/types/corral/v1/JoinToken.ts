// Original file: corral/v1/cluster.proto


export interface JoinToken {
  'name'?: (string);
  'token'?: (string);
  'expires_at'?: (string);
}

export interface JoinToken__Output {
  'name': (string);
  'token': (string);
  'expires_at': (string);
}
