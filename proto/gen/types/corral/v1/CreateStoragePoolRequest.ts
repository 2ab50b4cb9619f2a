// Original file: corral/v1/storage.proto


export interface CreateStoragePoolRequest {
  'name'?: (string);
  'driver'?: (string);
  'config'?: ({[key: string]: string});
  'description'?: (string);
  'target'?: (string);
}

export interface CreateStoragePoolRequest__Output {
  'name': (string);
  'driver': (string);
  'config': ({[key: string]: string});
  'description': (string);
  'target': (string);
}
