// Original file: corral/v1/storage.proto


export interface GetStoragePoolRequest {
  'name'?: (string);
}

export interface GetStoragePoolRequest__Output {
  'name': (string);
}
