// Original file: corral/v1/operations.proto


export interface GetOperationRequest {
  'id'?: (string);
}

export interface GetOperationRequest__Output {
  'id': (string);
}
