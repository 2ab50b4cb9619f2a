// Original file: corral/v1/operations.proto


export interface WaitOperationRequest {
  'id'?: (string);
  'timeout_ms'?: (number);
}

export interface WaitOperationRequest__Output {
  'id': (string);
  'timeout_ms': (number);
}
