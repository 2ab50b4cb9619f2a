// Original file: corral/v1/instances.proto

import type { BackupHeader as _corral_v1_BackupHeader, BackupHeader__Output as _corral_v1_BackupHeader__Output } from '../../corral/v1/BackupHeader';

export interface BackupChunk {
  'header'?: (_corral_v1_BackupHeader | null);
  'data'?: (Buffer | Uint8Array | string);
  'msg'?: "header"|"data";
}

export interface BackupChunk__Output {
  'header'?: (_corral_v1_BackupHeader__Output | null);
  'data'?: (Buffer);
  'msg'?: "header"|"data";
}
