// Original file: corral/v1/networks.proto


export interface DeleteNetworkRequest {
  'name'?: (string);
}

export interface DeleteNetworkRequest__Output {
  'name': (string);
}
