// Original file: corral/v1/images.proto


export interface PublishImageRequest {
  'instance'?: (string);
  'snapshot'?: (string);
  'aliases'?: (string)[];
  'public'?: (boolean);
  'force'?: (boolean);
  'properties'?: ({[key: string]: string});
}

export interface PublishImageRequest__Output {
  'instance': (string);
  'snapshot': (string);
  'aliases': (string)[];
  'public': (boolean);
  'force': (boolean);
  'properties': ({[key: string]: string});
}
