// Original file: corral/v1/remotes.proto


export interface ListRemotesRequest {
}

export interface ListRemotesRequest__Output {
}
