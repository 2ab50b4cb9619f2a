// Original file: corral/v1/network_policy.proto

import type { NetworkForwardPort as _corral_v1_NetworkForwardPort, NetworkForwardPort__Output as _corral_v1_NetworkForwardPort__Output } from '../../corral/v1/NetworkForwardPort';

export interface NetworkForward {
  'network'?: (string);
  'listen_address'?: (string);
  'target_address'?: (string);
  'description'?: (string);
  'ports'?: (_corral_v1_NetworkForwardPort)[];
}

export interface NetworkForward__Output {
  'network': (string);
  'listen_address': (string);
  'target_address': (string);
  'description': (string);
  'ports': (_corral_v1_NetworkForwardPort__Output)[];
}
