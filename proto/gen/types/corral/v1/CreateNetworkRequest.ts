// Original file: corral/v1/networks.proto


export interface CreateNetworkRequest {
  'name'?: (string);
  'type'?: (string);
  'config'?: ({[key: string]: string});
  'description'?: (string);
  'target'?: (string);
}

export interface CreateNetworkRequest__Output {
  'name': (string);
  'type': (string);
  'config': ({[key: string]: string});
  'description': (string);
  'target': (string);
}
