// Original file: corral/v1/images.proto


export interface ExportImageRequest {
  'fingerprint'?: (string);
}

export interface ExportImageRequest__Output {
  'fingerprint': (string);
}
