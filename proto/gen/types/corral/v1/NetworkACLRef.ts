// Original file: corral/v1/network_policy.proto


export interface NetworkACLRef {
  'name'?: (string);
}

export interface NetworkACLRef__Output {
  'name': (string);
}
