// Original file: corral/v1/images.proto

import type { Long } from '@grpc/proto-loader';

export interface ImageExportHeader {
  'split'?: (boolean);
  'meta_size'?: (number | string | Long);
  'rootfs_size'?: (number | string | Long);
}

export interface ImageExportHeader__Output {
  'split': (boolean);
  'meta_size': (number);
  'rootfs_size': (number);
}
