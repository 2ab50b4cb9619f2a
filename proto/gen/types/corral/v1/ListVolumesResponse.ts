// Original file: corral/v1/storage.proto

import type { Volume as _corral_v1_Volume, Volume__Output as _corral_v1_Volume__Output } from '../../corral/v1/Volume';

export interface ListVolumesResponse {
  'volumes'?: (_corral_v1_Volume)[];
}

export interface ListVolumesResponse__Output {
  'volumes': (_corral_v1_Volume__Output)[];
}
