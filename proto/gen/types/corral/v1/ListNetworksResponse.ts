// Original file: corral/v1/networks.proto

import type { Network as _corral_v1_Network, Network__Output as _corral_v1_Network__Output } from '../../corral/v1/Network';

export interface ListNetworksResponse {
  'networks'?: (_corral_v1_Network)[];
}

export interface ListNetworksResponse__Output {
  'networks': (_corral_v1_Network__Output)[];
}
