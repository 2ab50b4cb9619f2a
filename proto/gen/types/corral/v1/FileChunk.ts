// Original file: corral/v1/instances.proto

import type { FileHeader as _corral_v1_FileHeader, FileHeader__Output as _corral_v1_FileHeader__Output } from '../../corral/v1/FileHeader';

export interface FileChunk {
  'header'?: (_corral_v1_FileHeader | null);
  'data'?: (Buffer | Uint8Array | string);
  'msg'?: "header"|"data";
}

export interface FileChunk__Output {
  'header'?: (_corral_v1_FileHeader__Output | null);
  'data'?: (Buffer);
  'msg'?: "header"|"data";
}
