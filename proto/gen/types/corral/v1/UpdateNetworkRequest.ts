// Original file: corral/v1/networks.proto


export interface UpdateNetworkRequest {
  'name'?: (string);
  'config'?: ({[key: string]: string});
  'description'?: (string);
}

export interface UpdateNetworkRequest__Output {
  'name': (string);
  'config': ({[key: string]: string});
  'description': (string);
}
