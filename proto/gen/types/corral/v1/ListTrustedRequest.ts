// Original file: corral/v1/trust.proto


export interface ListTrustedRequest {
}

export interface ListTrustedRequest__Output {
}
