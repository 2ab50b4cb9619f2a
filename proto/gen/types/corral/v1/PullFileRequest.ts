// Original file: corral/v1/instances.proto


export interface PullFileRequest {
  'instance'?: (string);
  'path'?: (string);
}

export interface PullFileRequest__Output {
  'instance': (string);
  'path': (string);
}
