// Original file: corral/v1/images.proto

import type { ImageExportHeader as _corral_v1_ImageExportHeader, ImageExportHeader__Output as _corral_v1_ImageExportHeader__Output } from '../../corral/v1/ImageExportHeader';

export interface ImageExportChunk {
  'header'?: (_corral_v1_ImageExportHeader | null);
  'data'?: (Buffer | Uint8Array | string);
  'rootfs_begin'?: (boolean);
  'msg'?: "header"|"data"|"rootfs_begin";
}

export interface ImageExportChunk__Output {
  'header'?: (_corral_v1_ImageExportHeader__Output | null);
  'data'?: (Buffer);
  'rootfs_begin'?: (boolean);
  'msg'?: "header"|"data"|"rootfs_begin";
}
