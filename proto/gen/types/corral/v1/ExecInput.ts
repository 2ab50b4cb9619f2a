// Original file: corral/v1/instances.proto

import type { ExecStart as _corral_v1_ExecStart, ExecStart__Output as _corral_v1_ExecStart__Output } from '../../corral/v1/ExecStart';
import type { ExecResize as _corral_v1_ExecResize, ExecResize__Output as _corral_v1_ExecResize__Output } from '../../corral/v1/ExecResize';

export interface ExecInput {
  'start'?: (_corral_v1_ExecStart | null);
  'stdin'?: (Buffer | Uint8Array | string);
  'stdin_close'?: (boolean);
  'resize'?: (_corral_v1_ExecResize | null);
  'signal'?: (number);
  'msg'?: "start"|"stdin"|"stdin_close"|"resize"|"signal";
}

export interface ExecInput__Output {
  'start'?: (_corral_v1_ExecStart__Output | null);
  'stdin'?: (Buffer);
  'stdin_close'?: (boolean);
  'resize'?: (_corral_v1_ExecResize__Output | null);
  'signal'?: (number);
  'msg'?: "start"|"stdin"|"stdin_close"|"resize"|"signal";
}
