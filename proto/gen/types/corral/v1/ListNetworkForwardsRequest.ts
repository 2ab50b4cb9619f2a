// Original file: corral/v1/network_policy.proto


export interface ListNetworkForwardsRequest {
  'network'?: (string);
}

export interface ListNetworkForwardsRequest__Output {
  'network': (string);
}
