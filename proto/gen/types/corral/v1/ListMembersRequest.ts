// Original file: corral/v1/cluster.proto


export interface ListMembersRequest {
}

export interface ListMembersRequest__Output {
}
