// Original file: corral/v1/lifecycle.proto


export interface WaitInstanceResponse {
}

export interface WaitInstanceResponse__Output {
}
