// Original file: corral/v1/storage.proto


export interface GetVolumeRequest {
  'pool'?: (string);
  'name'?: (string);
}

export interface GetVolumeRequest__Output {
  'pool': (string);
  'name': (string);
}
