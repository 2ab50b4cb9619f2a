// Original file: corral/v1/trust.proto


export interface RemoveTrustedRequest {
  'fingerprint'?: (string);
}

export interface RemoveTrustedRequest__Output {
  'fingerprint': (string);
}
