// Original file: corral/v1/storage.proto

import type { VolumeSnapshot as _corral_v1_VolumeSnapshot, VolumeSnapshot__Output as _corral_v1_VolumeSnapshot__Output } from '../../corral/v1/VolumeSnapshot';

export interface ListVolumeSnapshotsResponse {
  'snapshots'?: (_corral_v1_VolumeSnapshot)[];
}

export interface ListVolumeSnapshotsResponse__Output {
  'snapshots': (_corral_v1_VolumeSnapshot__Output)[];
}
