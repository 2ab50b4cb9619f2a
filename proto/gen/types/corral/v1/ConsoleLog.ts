// Original file: corral/v1/instances.proto


export interface ConsoleLog {
  'data'?: (Buffer | Uint8Array | string);
}

export interface ConsoleLog__Output {
  'data': (Buffer);
}
