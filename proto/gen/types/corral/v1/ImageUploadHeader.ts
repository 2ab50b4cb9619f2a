// Original file: corral/v1/images.proto

import type { Long } from '@grpc/proto-loader';

export interface ImageUploadHeader {
  'aliases'?: (string)[];
  'fingerprint'?: (string);
  'split'?: (boolean);
  'filename'?: (string);
  'total_bytes'?: (number | string | Long);
  'properties'?: ({[key: string]: string});
}

export interface ImageUploadHeader__Output {
  'aliases': (string)[];
  'fingerprint': (string);
  'split': (boolean);
  'filename': (string);
  'total_bytes': (number);
  'properties': ({[key: string]: string});
}
