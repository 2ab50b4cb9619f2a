// Original file: corral/v1/trust.proto


export interface TrustToken {
  'name'?: (string);
  'token'?: (string);
  'expires_at'?: (string);
}

export interface TrustToken__Output {
  'name': (string);
  'token': (string);
  'expires_at': (string);
}
