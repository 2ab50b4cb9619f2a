// Original file: corral/v1/network_policy.proto


export interface NetworkForwardPort {
  'protocol'?: (string);
  'listen_port'?: (string);
  'target_address'?: (string);
  'target_port'?: (string);
  'description'?: (string);
}

export interface NetworkForwardPort__Output {
  'protocol': (string);
  'listen_port': (string);
  'target_address': (string);
  'target_port': (string);
  'description': (string);
}
