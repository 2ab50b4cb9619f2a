// Original file: corral/v1/storage.proto


export interface UpdateVolumeRequest {
  'pool'?: (string);
  'name'?: (string);
  'config'?: ({[key: string]: string});
}

export interface UpdateVolumeRequest__Output {
  'pool': (string);
  'name': (string);
  'config': ({[key: string]: string});
}
