// Original file: corral/v1/profiles.proto


export interface DeleteProfileResponse {
}

export interface DeleteProfileResponse__Output {
}
