// Original file: corral/v1/cluster.proto


export interface SetMemberGroupsRequest {
  'name'?: (string);
  'groups'?: (string)[];
}

export interface SetMemberGroupsRequest__Output {
  'name': (string);
  'groups': (string)[];
}
