// Original file: corral/v1/storage.proto


export interface ListStoragePoolsRequest {
}

export interface ListStoragePoolsRequest__Output {
}
