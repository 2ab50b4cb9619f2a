// Original file: corral/v1/networks.proto


export interface DeleteNetworkResponse {
}

export interface DeleteNetworkResponse__Output {
}
