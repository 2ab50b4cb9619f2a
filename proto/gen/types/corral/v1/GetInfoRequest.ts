// Original file: corral/v1/host.proto


export interface GetInfoRequest {
}

export interface GetInfoRequest__Output {
}
