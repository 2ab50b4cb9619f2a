// Original file: corral/v1/trust.proto


export interface EnrollRequest {
  'token'?: (string);
}

export interface EnrollRequest__Output {
  'token': (string);
}
