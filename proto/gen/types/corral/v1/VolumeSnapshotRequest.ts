// Original file: corral/v1/storage.proto


export interface VolumeSnapshotRequest {
  'pool'?: (string);
  'volume'?: (string);
  'name'?: (string);
}

export interface VolumeSnapshotRequest__Output {
  'pool': (string);
  'volume': (string);
  'name': (string);
}
