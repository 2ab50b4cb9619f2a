// Original file: corral/v1/instances.proto

import type { NetworkAddress as _corral_v1_NetworkAddress, NetworkAddress__Output as _corral_v1_NetworkAddress__Output } from '../../corral/v1/NetworkAddress';
import type { Long } from '@grpc/proto-loader';

export interface NetworkState {
  'hwaddr'?: (string);
  'host_name'?: (string);
  'state'?: (string);
  'addresses'?: (_corral_v1_NetworkAddress)[];
  'mtu'?: (number | string | Long);
}

export interface NetworkState__Output {
  'hwaddr': (string);
  'host_name': (string);
  'state': (string);
  'addresses': (_corral_v1_NetworkAddress__Output)[];
  'mtu': (number);
}
