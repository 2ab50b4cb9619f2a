// Original file: corral/v1/images.proto

import type { ImageUploadHeader as _corral_v1_ImageUploadHeader, ImageUploadHeader__Output as _corral_v1_ImageUploadHeader__Output } from '../../corral/v1/ImageUploadHeader';

export interface ImageUploadChunk {
  'header'?: (_corral_v1_ImageUploadHeader | null);
  'data'?: (Buffer | Uint8Array | string);
  'rootfs_begin'?: (boolean);
  'msg'?: "header"|"data"|"rootfs_begin";
}

export interface ImageUploadChunk__Output {
  'header'?: (_corral_v1_ImageUploadHeader__Output | null);
  'data'?: (Buffer);
  'rootfs_begin'?: (boolean);
  'msg'?: "header"|"data"|"rootfs_begin";
}
