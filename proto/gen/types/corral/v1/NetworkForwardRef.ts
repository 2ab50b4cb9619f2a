// Original file: corral/v1/network_policy.proto


export interface NetworkForwardRef {
  'network'?: (string);
  'listen_address'?: (string);
}

export interface NetworkForwardRef__Output {
  'network': (string);
  'listen_address': (string);
}
