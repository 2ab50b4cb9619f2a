// Original file: corral/v1/networks.proto


export interface ListNetworksRequest {
}

export interface ListNetworksRequest__Output {
}
