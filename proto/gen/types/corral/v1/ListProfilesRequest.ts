// Original file: corral/v1/profiles.proto


export interface ListProfilesRequest {
}

export interface ListProfilesRequest__Output {
}
