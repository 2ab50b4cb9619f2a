// Original file: corral/v1/storage.proto

import type { StoragePool as _corral_v1_StoragePool, StoragePool__Output as _corral_v1_StoragePool__Output } from '../../corral/v1/StoragePool';

export interface ListStoragePoolsResponse {
  'pools'?: (_corral_v1_StoragePool)[];
}

export interface ListStoragePoolsResponse__Output {
  'pools': (_corral_v1_StoragePool__Output)[];
}
