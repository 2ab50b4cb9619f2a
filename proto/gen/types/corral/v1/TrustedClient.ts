// Original file: corral/v1/trust.proto


export interface TrustedClient {
  'name'?: (string);
  'fingerprint'?: (string);
  'added_at'?: (string);
}

export interface TrustedClient__Output {
  'name': (string);
  'fingerprint': (string);
  'added_at': (string);
}
