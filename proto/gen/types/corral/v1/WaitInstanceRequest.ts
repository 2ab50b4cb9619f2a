// Original file: corral/v1/lifecycle.proto


export interface WaitInstanceRequest {
  'name'?: (string);
  'exec'?: (string)[];
  'tcp_port'?: (number);
  'timeout_ms'?: (number);
}

export interface WaitInstanceRequest__Output {
  'name': (string);
  'exec': (string)[];
  'tcp_port': (number);
  'timeout_ms': (number);
}
