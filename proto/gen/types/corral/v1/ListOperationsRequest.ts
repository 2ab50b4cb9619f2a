// Original file: corral/v1/operations.proto


export interface ListOperationsRequest {
}

export interface ListOperationsRequest__Output {
}
