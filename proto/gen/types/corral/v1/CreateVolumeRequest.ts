// Original file: corral/v1/storage.proto


export interface CreateVolumeRequest {
  'pool'?: (string);
  'name'?: (string);
  'content_type'?: (string);
  'config'?: ({[key: string]: string});
  'target'?: (string);
}

export interface CreateVolumeRequest__Output {
  'pool': (string);
  'name': (string);
  'content_type': (string);
  'config': ({[key: string]: string});
  'target': (string);
}
