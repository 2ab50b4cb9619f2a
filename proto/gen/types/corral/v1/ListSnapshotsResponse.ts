// Original file: corral/v1/instances.proto

import type { Snapshot as _corral_v1_Snapshot, Snapshot__Output as _corral_v1_Snapshot__Output } from '../../corral/v1/Snapshot';

export interface ListSnapshotsResponse {
  'snapshots'?: (_corral_v1_Snapshot)[];
}

export interface ListSnapshotsResponse__Output {
  'snapshots': (_corral_v1_Snapshot__Output)[];
}
