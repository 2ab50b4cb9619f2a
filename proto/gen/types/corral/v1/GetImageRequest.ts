// Original file: corral/v1/images.proto


export interface GetImageRequest {
  'ref'?: (string);
}

export interface GetImageRequest__Output {
  'ref': (string);
}
