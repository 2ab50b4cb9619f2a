// Original file: corral/v1/images.proto


export interface UpdateImageRequest {
  'ref'?: (string);
  'aliases'?: (string)[];
  'properties'?: ({[key: string]: string});
  'aliases_set'?: (boolean);
  'public'?: (boolean);
  'public_set'?: (boolean);
}

export interface UpdateImageRequest__Output {
  'ref': (string);
  'aliases': (string)[];
  'properties': ({[key: string]: string});
  'aliases_set': (boolean);
  'public': (boolean);
  'public_set': (boolean);
}
