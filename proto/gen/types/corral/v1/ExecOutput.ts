// Original file: corral/v1/instances.proto


export interface ExecOutput {
  'stdout'?: (Buffer | Uint8Array | string);
  'stderr'?: (Buffer | Uint8Array | string);
  'exit_code'?: (number);
  'started'?: (boolean);
  'msg'?: "stdout"|"stderr"|"exit_code"|"started";
}

export interface ExecOutput__Output {
  'stdout'?: (Buffer);
  'stderr'?: (Buffer);
  'exit_code'?: (number);
  'started'?: (boolean);
  'msg'?: "stdout"|"stderr"|"exit_code"|"started";
}
