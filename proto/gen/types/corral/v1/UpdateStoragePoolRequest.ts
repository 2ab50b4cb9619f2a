// Original file: corral/v1/storage.proto


export interface UpdateStoragePoolRequest {
  'name'?: (string);
  'config'?: ({[key: string]: string});
  'description'?: (string);
}

export interface UpdateStoragePoolRequest__Output {
  'name': (string);
  'config': ({[key: string]: string});
  'description': (string);
}
