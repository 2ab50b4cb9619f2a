// Original file: corral/v1/instances.proto


export interface NetworkAddress {
  'family'?: (string);
  'address'?: (string);
  'netmask'?: (string);
  'scope'?: (string);
}

export interface NetworkAddress__Output {
  'family': (string);
  'address': (string);
  'netmask': (string);
  'scope': (string);
}
