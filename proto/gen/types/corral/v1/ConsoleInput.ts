// Original file: corral/v1/instances.proto


export interface ConsoleInput {
  'instance'?: (string);
  'data'?: (Buffer | Uint8Array | string);
  'msg'?: "instance"|"data";
}

export interface ConsoleInput__Output {
  'instance'?: (string);
  'data'?: (Buffer);
  'msg'?: "instance"|"data";
}
