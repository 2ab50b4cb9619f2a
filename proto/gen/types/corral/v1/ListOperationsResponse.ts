// Original file: corral/v1/operations.proto

import type { Operation as _corral_v1_Operation, Operation__Output as _corral_v1_Operation__Output } from '../../corral/v1/Operation';

export interface ListOperationsResponse {
  'operations'?: (_corral_v1_Operation)[];
}

export interface ListOperationsResponse__Output {
  'operations': (_corral_v1_Operation__Output)[];
}
