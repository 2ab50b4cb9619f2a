// Original file: corral/v1/storage.proto


export interface VolumeSnapshot {
  'pool'?: (string);
  'volume'?: (string);
  'name'?: (string);
  'created_at'?: (string);
}

export interface VolumeSnapshot__Output {
  'pool': (string);
  'volume': (string);
  'name': (string);
  'created_at': (string);
}
