// Original file: corral/v1/network_policy.proto


export interface DeleteNetworkForwardResponse {
}

export interface DeleteNetworkForwardResponse__Output {
}
