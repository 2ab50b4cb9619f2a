// Original file: corral/v1/network_policy.proto


export interface NetworkACLRule {
  'action'?: (string);
  'source'?: (string);
  'destination'?: (string);
  'protocol'?: (string);
  'destination_port'?: (string);
  'state'?: (string);
  'description'?: (string);
}

export interface NetworkACLRule__Output {
  'action': (string);
  'source': (string);
  'destination': (string);
  'protocol': (string);
  'destination_port': (string);
  'state': (string);
  'description': (string);
}
