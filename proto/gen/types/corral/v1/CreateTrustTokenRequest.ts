// Original file: corral/v1/trust.proto


export interface CreateTrustTokenRequest {
  'name'?: (string);
  'ttl_s'?: (number);
}

export interface CreateTrustTokenRequest__Output {
  'name': (string);
  'ttl_s': (number);
}
