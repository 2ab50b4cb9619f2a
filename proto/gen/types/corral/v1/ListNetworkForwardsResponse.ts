// Original file: corral/v1/network_policy.proto

import type { NetworkForward as _corral_v1_NetworkForward, NetworkForward__Output as _corral_v1_NetworkForward__Output } from '../../corral/v1/NetworkForward';

export interface ListNetworkForwardsResponse {
  'forwards'?: (_corral_v1_NetworkForward)[];
}

export interface ListNetworkForwardsResponse__Output {
  'forwards': (_corral_v1_NetworkForward__Output)[];
}
