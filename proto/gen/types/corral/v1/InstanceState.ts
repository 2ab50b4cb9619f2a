// Original file: corral/v1/instances.proto

import type { NetworkState as _corral_v1_NetworkState, NetworkState__Output as _corral_v1_NetworkState__Output } from '../../corral/v1/NetworkState';
import type { Long } from '@grpc/proto-loader';

export interface InstanceState {
  'status'?: (string);
  'pid'?: (number | string | Long);
  'network'?: ({[key: string]: _corral_v1_NetworkState});
  'cpu_usage_ns'?: (number | string | Long);
  'memory_usage_bytes'?: (number | string | Long);
  'memory_limit_bytes'?: (number | string | Long);
}

export interface InstanceState__Output {
  'status': (string);
  'pid': (number);
  'network': ({[key: string]: _corral_v1_NetworkState__Output});
  'cpu_usage_ns': (number);
  'memory_usage_bytes': (number);
  'memory_limit_bytes': (number);
}
