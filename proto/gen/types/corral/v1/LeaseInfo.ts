// Original file: corral/v1/lifecycle.proto


export interface LeaseInfo {
  'kind'?: (string);
  'name'?: (string);
  'expires_at'?: (string);
}

export interface LeaseInfo__Output {
  'kind': (string);
  'name': (string);
  'expires_at': (string);
}
