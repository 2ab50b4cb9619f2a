// Original file: corral/v1/cluster.proto


export interface GetMemberRequest {
  'name'?: (string);
}

export interface GetMemberRequest__Output {
  'name': (string);
}
