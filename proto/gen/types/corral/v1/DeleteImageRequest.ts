// Original file: corral/v1/images.proto


export interface DeleteImageRequest {
  'ref'?: (string);
}

export interface DeleteImageRequest__Output {
  'ref': (string);
}
