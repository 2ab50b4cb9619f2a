// Original file: corral/v1/cluster.proto


export interface EnableClusterRequest {
  'address'?: (string);
  'name'?: (string);
}

export interface EnableClusterRequest__Output {
  'address': (string);
  'name': (string);
}
