// Original file: corral/v1/storage.proto


export interface DeleteStoragePoolRequest {
  'name'?: (string);
}

export interface DeleteStoragePoolRequest__Output {
  'name': (string);
}
