// Original file: corral/v1/config.proto


export interface GetServerConfigRequest {
}

export interface GetServerConfigRequest__Output {
}
