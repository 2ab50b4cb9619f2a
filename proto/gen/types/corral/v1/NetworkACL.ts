// Original file: corral/v1/network_policy.proto

import type { NetworkACLRule as _corral_v1_NetworkACLRule, NetworkACLRule__Output as _corral_v1_NetworkACLRule__Output } from '../../corral/v1/NetworkACLRule';

export interface NetworkACL {
  'name'?: (string);
  'description'?: (string);
  'ingress'?: (_corral_v1_NetworkACLRule)[];
  'egress'?: (_corral_v1_NetworkACLRule)[];
  'used_by'?: (string)[];
}

export interface NetworkACL__Output {
  'name': (string);
  'description': (string);
  'ingress': (_corral_v1_NetworkACLRule__Output)[];
  'egress': (_corral_v1_NetworkACLRule__Output)[];
  'used_by': (string)[];
}
