// Original file: corral/v1/network_policy.proto


export interface DeleteNetworkACLResponse {
}

export interface DeleteNetworkACLResponse__Output {
}
