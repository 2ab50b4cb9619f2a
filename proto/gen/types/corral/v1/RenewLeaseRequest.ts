// Original file: corral/v1/lifecycle.proto


export interface RenewLeaseRequest {
  'name'?: (string);
  'kind'?: (string);
  'duration'?: (string);
}

export interface RenewLeaseRequest__Output {
  'name': (string);
  'kind': (string);
  'duration': (string);
}
