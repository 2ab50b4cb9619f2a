// Original file: corral/v1/network_policy.proto

import type { NetworkACL as _corral_v1_NetworkACL, NetworkACL__Output as _corral_v1_NetworkACL__Output } from '../../corral/v1/NetworkACL';

export interface ListNetworkACLsResponse {
  'acls'?: (_corral_v1_NetworkACL)[];
}

export interface ListNetworkACLsResponse__Output {
  'acls': (_corral_v1_NetworkACL__Output)[];
}
