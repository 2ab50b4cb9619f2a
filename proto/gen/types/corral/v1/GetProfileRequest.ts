// Original file: corral/v1/profiles.proto


export interface GetProfileRequest {
  'name'?: (string);
}

export interface GetProfileRequest__Output {
  'name': (string);
}
