// Original file: corral/v1/storage.proto


export interface CopyVolumeRequest {
  'source_pool'?: (string);
  'source_name'?: (string);
  'pool'?: (string);
  'name'?: (string);
}

export interface CopyVolumeRequest__Output {
  'source_pool': (string);
  'source_name': (string);
  'pool': (string);
  'name': (string);
}
