// Original file: corral/v1/instances.proto

import type { Instance as _corral_v1_Instance, Instance__Output as _corral_v1_Instance__Output } from '../../corral/v1/Instance';

export interface ListInstancesResponse {
  'instances'?: (_corral_v1_Instance)[];
}

export interface ListInstancesResponse__Output {
  'instances': (_corral_v1_Instance__Output)[];
}
