// Original file: corral/v1/remotes.proto


export interface PullImageRequest {
  'remote'?: (string);
  'ref'?: (string);
  'type'?: (string);
  'architecture'?: (string);
  'aliases'?: (string)[];
  'cached'?: (boolean);
}

export interface PullImageRequest__Output {
  'remote': (string);
  'ref': (string);
  'type': (string);
  'architecture': (string);
  'aliases': (string)[];
  'cached': (boolean);
}
