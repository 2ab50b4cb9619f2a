// Original file: corral/v1/storage.proto


export interface DeleteStoragePoolResponse {
}

export interface DeleteStoragePoolResponse__Output {
}
