// Original file: corral/v1/remotes.proto


export interface RemoveRemoteResponse {
}

export interface RemoveRemoteResponse__Output {
}
