// Original file: corral/v1/storage.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CreateStoragePoolRequest as _corral_v1_CreateStoragePoolRequest, CreateStoragePoolRequest__Output as _corral_v1_CreateStoragePoolRequest__Output } from '../../corral/v1/CreateStoragePoolRequest';
import type { CreateVolumeRequest as _corral_v1_CreateVolumeRequest, CreateVolumeRequest__Output as _corral_v1_CreateVolumeRequest__Output } from '../../corral/v1/CreateVolumeRequest';
import type { DeleteStoragePoolRequest as _corral_v1_DeleteStoragePoolRequest, DeleteStoragePoolRequest__Output as _corral_v1_DeleteStoragePoolRequest__Output } from '../../corral/v1/DeleteStoragePoolRequest';
import type { DeleteStoragePoolResponse as _corral_v1_DeleteStoragePoolResponse, DeleteStoragePoolResponse__Output as _corral_v1_DeleteStoragePoolResponse__Output } from '../../corral/v1/DeleteStoragePoolResponse';
import type { GetStoragePoolRequest as _corral_v1_GetStoragePoolRequest, GetStoragePoolRequest__Output as _corral_v1_GetStoragePoolRequest__Output } from '../../corral/v1/GetStoragePoolRequest';
import type { GetVolumeRequest as _corral_v1_GetVolumeRequest, GetVolumeRequest__Output as _corral_v1_GetVolumeRequest__Output } from '../../corral/v1/GetVolumeRequest';
import type { ListStoragePoolsRequest as _corral_v1_ListStoragePoolsRequest, ListStoragePoolsRequest__Output as _corral_v1_ListStoragePoolsRequest__Output } from '../../corral/v1/ListStoragePoolsRequest';
import type { ListStoragePoolsResponse as _corral_v1_ListStoragePoolsResponse, ListStoragePoolsResponse__Output as _corral_v1_ListStoragePoolsResponse__Output } from '../../corral/v1/ListStoragePoolsResponse';
import type { ListVolumesRequest as _corral_v1_ListVolumesRequest, ListVolumesRequest__Output as _corral_v1_ListVolumesRequest__Output } from '../../corral/v1/ListVolumesRequest';
import type { ListVolumesResponse as _corral_v1_ListVolumesResponse, ListVolumesResponse__Output as _corral_v1_ListVolumesResponse__Output } from '../../corral/v1/ListVolumesResponse';
import type { StoragePool as _corral_v1_StoragePool, StoragePool__Output as _corral_v1_StoragePool__Output } from '../../corral/v1/StoragePool';
import type { UpdateStoragePoolRequest as _corral_v1_UpdateStoragePoolRequest, UpdateStoragePoolRequest__Output as _corral_v1_UpdateStoragePoolRequest__Output } from '../../corral/v1/UpdateStoragePoolRequest';
import type { Volume as _corral_v1_Volume, Volume__Output as _corral_v1_Volume__Output } from '../../corral/v1/Volume';

export interface StoragePoolsClient extends grpc.Client {
  CreateStoragePool(argument: _corral_v1_CreateStoragePoolRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_StoragePool__Output>): grpc.ClientUnaryCall;
  CreateStoragePool(argument: _corral_v1_CreateStoragePoolRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_StoragePool__Output>): grpc.ClientUnaryCall;
  CreateStoragePool(argument: _corral_v1_CreateStoragePoolRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_StoragePool__Output>): grpc.ClientUnaryCall;
  CreateStoragePool(argument: _corral_v1_CreateStoragePoolRequest, callback: grpc.requestCallback<_corral_v1_StoragePool__Output>): grpc.ClientUnaryCall;
  createStoragePool(argument: _corral_v1_CreateStoragePoolRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_StoragePool__Output>): grpc.ClientUnaryCall;
  createStoragePool(argument: _corral_v1_CreateStoragePoolRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_StoragePool__Output>): grpc.ClientUnaryCall;
  createStoragePool(argument: _corral_v1_CreateStoragePoolRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_StoragePool__Output>): grpc.ClientUnaryCall;
  createStoragePool(argument: _corral_v1_CreateStoragePoolRequest, callback: grpc.requestCallback<_corral_v1_StoragePool__Output>): grpc.ClientUnaryCall;
  
  CreateVolume(argument: _corral_v1_CreateVolumeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Volume__Output>): grpc.ClientUnaryCall;
  CreateVolume(argument: _corral_v1_CreateVolumeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Volume__Output>): grpc.ClientUnaryCall;
  CreateVolume(argument: _corral_v1_CreateVolumeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Volume__Output>): grpc.ClientUnaryCall;
  CreateVolume(argument: _corral_v1_CreateVolumeRequest, callback: grpc.requestCallback<_corral_v1_Volume__Output>): grpc.ClientUnaryCall;
  createVolume(argument: _corral_v1_CreateVolumeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Volume__Output>): grpc.ClientUnaryCall;
  createVolume(argument: _corral_v1_CreateVolumeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Volume__Output>): grpc.ClientUnaryCall;
  createVolume(argument: _corral_v1_CreateVolumeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Volume__Output>): grpc.ClientUnaryCall;
  createVolume(argument: _corral_v1_CreateVolumeRequest, callback: grpc.requestCallback<_corral_v1_Volume__Output>): grpc.ClientUnaryCall;
  
  DeleteStoragePool(argument: _corral_v1_DeleteStoragePoolRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_DeleteStoragePoolResponse__Output>): grpc.ClientUnaryCall;
  DeleteStoragePool(argument: _corral_v1_DeleteStoragePoolRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_DeleteStoragePoolResponse__Output>): grpc.ClientUnaryCall;
  DeleteStoragePool(argument: _corral_v1_DeleteStoragePoolRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_DeleteStoragePoolResponse__Output>): grpc.ClientUnaryCall;
  DeleteStoragePool(argument: _corral_v1_DeleteStoragePoolRequest, callback: grpc.requestCallback<_corral_v1_DeleteStoragePoolResponse__Output>): grpc.ClientUnaryCall;
  deleteStoragePool(argument: _corral_v1_DeleteStoragePoolRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_DeleteStoragePoolResponse__Output>): grpc.ClientUnaryCall;
  deleteStoragePool(argument: _corral_v1_DeleteStoragePoolRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_DeleteStoragePoolResponse__Output>): grpc.ClientUnaryCall;
  deleteStoragePool(argument: _corral_v1_DeleteStoragePoolRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_DeleteStoragePoolResponse__Output>): grpc.ClientUnaryCall;
  deleteStoragePool(argument: _corral_v1_DeleteStoragePoolRequest, callback: grpc.requestCallback<_corral_v1_DeleteStoragePoolResponse__Output>): grpc.ClientUnaryCall;
  
  DeleteVolume(argument: _corral_v1_GetVolumeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_DeleteStoragePoolResponse__Output>): grpc.ClientUnaryCall;
  DeleteVolume(argument: _corral_v1_GetVolumeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_DeleteStoragePoolResponse__Output>): grpc.ClientUnaryCall;
  DeleteVolume(argument: _corral_v1_GetVolumeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_DeleteStoragePoolResponse__Output>): grpc.ClientUnaryCall;
  DeleteVolume(argument: _corral_v1_GetVolumeRequest, callback: grpc.requestCallback<_corral_v1_DeleteStoragePoolResponse__Output>): grpc.ClientUnaryCall;
  deleteVolume(argument: _corral_v1_GetVolumeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_DeleteStoragePoolResponse__Output>): grpc.ClientUnaryCall;
  deleteVolume(argument: _corral_v1_GetVolumeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_DeleteStoragePoolResponse__Output>): grpc.ClientUnaryCall;
  deleteVolume(argument: _corral_v1_GetVolumeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_DeleteStoragePoolResponse__Output>): grpc.ClientUnaryCall;
  deleteVolume(argument: _corral_v1_GetVolumeRequest, callback: grpc.requestCallback<_corral_v1_DeleteStoragePoolResponse__Output>): grpc.ClientUnaryCall;
  
  GetStoragePool(argument: _corral_v1_GetStoragePoolRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_StoragePool__Output>): grpc.ClientUnaryCall;
  GetStoragePool(argument: _corral_v1_GetStoragePoolRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_StoragePool__Output>): grpc.ClientUnaryCall;
  GetStoragePool(argument: _corral_v1_GetStoragePoolRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_StoragePool__Output>): grpc.ClientUnaryCall;
  GetStoragePool(argument: _corral_v1_GetStoragePoolRequest, callback: grpc.requestCallback<_corral_v1_StoragePool__Output>): grpc.ClientUnaryCall;
  getStoragePool(argument: _corral_v1_GetStoragePoolRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_StoragePool__Output>): grpc.ClientUnaryCall;
  getStoragePool(argument: _corral_v1_GetStoragePoolRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_StoragePool__Output>): grpc.ClientUnaryCall;
  getStoragePool(argument: _corral_v1_GetStoragePoolRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_StoragePool__Output>): grpc.ClientUnaryCall;
  getStoragePool(argument: _corral_v1_GetStoragePoolRequest, callback: grpc.requestCallback<_corral_v1_StoragePool__Output>): grpc.ClientUnaryCall;
  
  GetVolume(argument: _corral_v1_GetVolumeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Volume__Output>): grpc.ClientUnaryCall;
  GetVolume(argument: _corral_v1_GetVolumeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Volume__Output>): grpc.ClientUnaryCall;
  GetVolume(argument: _corral_v1_GetVolumeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Volume__Output>): grpc.ClientUnaryCall;
  GetVolume(argument: _corral_v1_GetVolumeRequest, callback: grpc.requestCallback<_corral_v1_Volume__Output>): grpc.ClientUnaryCall;
  getVolume(argument: _corral_v1_GetVolumeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Volume__Output>): grpc.ClientUnaryCall;
  getVolume(argument: _corral_v1_GetVolumeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Volume__Output>): grpc.ClientUnaryCall;
  getVolume(argument: _corral_v1_GetVolumeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Volume__Output>): grpc.ClientUnaryCall;
  getVolume(argument: _corral_v1_GetVolumeRequest, callback: grpc.requestCallback<_corral_v1_Volume__Output>): grpc.ClientUnaryCall;
  
  ListStoragePools(argument: _corral_v1_ListStoragePoolsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListStoragePoolsResponse__Output>): grpc.ClientUnaryCall;
  ListStoragePools(argument: _corral_v1_ListStoragePoolsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_ListStoragePoolsResponse__Output>): grpc.ClientUnaryCall;
  ListStoragePools(argument: _corral_v1_ListStoragePoolsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListStoragePoolsResponse__Output>): grpc.ClientUnaryCall;
  ListStoragePools(argument: _corral_v1_ListStoragePoolsRequest, callback: grpc.requestCallback<_corral_v1_ListStoragePoolsResponse__Output>): grpc.ClientUnaryCall;
  listStoragePools(argument: _corral_v1_ListStoragePoolsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListStoragePoolsResponse__Output>): grpc.ClientUnaryCall;
  listStoragePools(argument: _corral_v1_ListStoragePoolsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_ListStoragePoolsResponse__Output>): grpc.ClientUnaryCall;
  listStoragePools(argument: _corral_v1_ListStoragePoolsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListStoragePoolsResponse__Output>): grpc.ClientUnaryCall;
  listStoragePools(argument: _corral_v1_ListStoragePoolsRequest, callback: grpc.requestCallback<_corral_v1_ListStoragePoolsResponse__Output>): grpc.ClientUnaryCall;
  
  ListVolumes(argument: _corral_v1_ListVolumesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListVolumesResponse__Output>): grpc.ClientUnaryCall;
  ListVolumes(argument: _corral_v1_ListVolumesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_ListVolumesResponse__Output>): grpc.ClientUnaryCall;
  ListVolumes(argument: _corral_v1_ListVolumesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListVolumesResponse__Output>): grpc.ClientUnaryCall;
  ListVolumes(argument: _corral_v1_ListVolumesRequest, callback: grpc.requestCallback<_corral_v1_ListVolumesResponse__Output>): grpc.ClientUnaryCall;
  listVolumes(argument: _corral_v1_ListVolumesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListVolumesResponse__Output>): grpc.ClientUnaryCall;
  listVolumes(argument: _corral_v1_ListVolumesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_ListVolumesResponse__Output>): grpc.ClientUnaryCall;
  listVolumes(argument: _corral_v1_ListVolumesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListVolumesResponse__Output>): grpc.ClientUnaryCall;
  listVolumes(argument: _corral_v1_ListVolumesRequest, callback: grpc.requestCallback<_corral_v1_ListVolumesResponse__Output>): grpc.ClientUnaryCall;
  
  UpdateStoragePool(argument: _corral_v1_UpdateStoragePoolRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_StoragePool__Output>): grpc.ClientUnaryCall;
  UpdateStoragePool(argument: _corral_v1_UpdateStoragePoolRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_StoragePool__Output>): grpc.ClientUnaryCall;
  UpdateStoragePool(argument: _corral_v1_UpdateStoragePoolRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_StoragePool__Output>): grpc.ClientUnaryCall;
  UpdateStoragePool(argument: _corral_v1_UpdateStoragePoolRequest, callback: grpc.requestCallback<_corral_v1_StoragePool__Output>): grpc.ClientUnaryCall;
  updateStoragePool(argument: _corral_v1_UpdateStoragePoolRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_StoragePool__Output>): grpc.ClientUnaryCall;
  updateStoragePool(argument: _corral_v1_UpdateStoragePoolRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_StoragePool__Output>): grpc.ClientUnaryCall;
  updateStoragePool(argument: _corral_v1_UpdateStoragePoolRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_StoragePool__Output>): grpc.ClientUnaryCall;
  updateStoragePool(argument: _corral_v1_UpdateStoragePoolRequest, callback: grpc.requestCallback<_corral_v1_StoragePool__Output>): grpc.ClientUnaryCall;
  
}

export interface StoragePoolsHandlers extends grpc.UntypedServiceImplementation {
  CreateStoragePool: grpc.handleUnaryCall<_corral_v1_CreateStoragePoolRequest__Output, _corral_v1_StoragePool>;
  
  CreateVolume: grpc.handleUnaryCall<_corral_v1_CreateVolumeRequest__Output, _corral_v1_Volume>;
  
  DeleteStoragePool: grpc.handleUnaryCall<_corral_v1_DeleteStoragePoolRequest__Output, _corral_v1_DeleteStoragePoolResponse>;
  
  DeleteVolume: grpc.handleUnaryCall<_corral_v1_GetVolumeRequest__Output, _corral_v1_DeleteStoragePoolResponse>;
  
  GetStoragePool: grpc.handleUnaryCall<_corral_v1_GetStoragePoolRequest__Output, _corral_v1_StoragePool>;
  
  GetVolume: grpc.handleUnaryCall<_corral_v1_GetVolumeRequest__Output, _corral_v1_Volume>;
  
  ListStoragePools: grpc.handleUnaryCall<_corral_v1_ListStoragePoolsRequest__Output, _corral_v1_ListStoragePoolsResponse>;
  
  ListVolumes: grpc.handleUnaryCall<_corral_v1_ListVolumesRequest__Output, _corral_v1_ListVolumesResponse>;
  
  UpdateStoragePool: grpc.handleUnaryCall<_corral_v1_UpdateStoragePoolRequest__Output, _corral_v1_StoragePool>;
  
}

export interface StoragePoolsDefinition extends grpc.ServiceDefinition {
  CreateStoragePool: MethodDefinition<_corral_v1_CreateStoragePoolRequest, _corral_v1_StoragePool, _corral_v1_CreateStoragePoolRequest__Output, _corral_v1_StoragePool__Output>
  CreateVolume: MethodDefinition<_corral_v1_CreateVolumeRequest, _corral_v1_Volume, _corral_v1_CreateVolumeRequest__Output, _corral_v1_Volume__Output>
  DeleteStoragePool: MethodDefinition<_corral_v1_DeleteStoragePoolRequest, _corral_v1_DeleteStoragePoolResponse, _corral_v1_DeleteStoragePoolRequest__Output, _corral_v1_DeleteStoragePoolResponse__Output>
  DeleteVolume: MethodDefinition<_corral_v1_GetVolumeRequest, _corral_v1_DeleteStoragePoolResponse, _corral_v1_GetVolumeRequest__Output, _corral_v1_DeleteStoragePoolResponse__Output>
  GetStoragePool: MethodDefinition<_corral_v1_GetStoragePoolRequest, _corral_v1_StoragePool, _corral_v1_GetStoragePoolRequest__Output, _corral_v1_StoragePool__Output>
  GetVolume: MethodDefinition<_corral_v1_GetVolumeRequest, _corral_v1_Volume, _corral_v1_GetVolumeRequest__Output, _corral_v1_Volume__Output>
  ListStoragePools: MethodDefinition<_corral_v1_ListStoragePoolsRequest, _corral_v1_ListStoragePoolsResponse, _corral_v1_ListStoragePoolsRequest__Output, _corral_v1_ListStoragePoolsResponse__Output>
  ListVolumes: MethodDefinition<_corral_v1_ListVolumesRequest, _corral_v1_ListVolumesResponse, _corral_v1_ListVolumesRequest__Output, _corral_v1_ListVolumesResponse__Output>
  UpdateStoragePool: MethodDefinition<_corral_v1_UpdateStoragePoolRequest, _corral_v1_StoragePool, _corral_v1_UpdateStoragePoolRequest__Output, _corral_v1_StoragePool__Output>
}
