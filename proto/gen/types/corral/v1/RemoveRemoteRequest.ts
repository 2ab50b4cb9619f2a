// Original file: corral/v1/remotes.proto


export interface RemoveRemoteRequest {
  'name'?: (string);
}

export interface RemoveRemoteRequest__Output {
  'name': (string);
}
