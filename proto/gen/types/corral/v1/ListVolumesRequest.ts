// Original file: corral/v1/storage.proto


export interface ListVolumesRequest {
  'pool'?: (string);
}

export interface ListVolumesRequest__Output {
  'pool': (string);
}
