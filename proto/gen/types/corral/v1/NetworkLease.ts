// Original file: corral/v1/networks.proto


export interface NetworkLease {
  'hostname'?: (string);
  'hwaddr'?: (string);
  'address'?: (string);
  'type'?: (string);
}

export interface NetworkLease__Output {
  'hostname': (string);
  'hwaddr': (string);
  'address': (string);
  'type': (string);
}
