// Original file: corral/v1/cluster.proto


export interface Placement {
  'member'?: (string);
}

export interface Placement__Output {
  'member': (string);
}
