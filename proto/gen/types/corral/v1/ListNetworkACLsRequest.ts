// Original file: corral/v1/network_policy.proto


export interface ListNetworkACLsRequest {
}

export interface ListNetworkACLsRequest__Output {
}
