// Original file: corral/v1/cluster.proto


export interface RemoveMemberRequest {
  'name'?: (string);
  'force'?: (boolean);
}

export interface RemoveMemberRequest__Output {
  'name': (string);
  'force': (boolean);
}
