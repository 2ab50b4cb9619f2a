// Original file: corral/v1/trust.proto


export interface RemoveTrustedResponse {
}

export interface RemoveTrustedResponse__Output {
}
