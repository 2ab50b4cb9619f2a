// Original file: corral/v1/storage.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CopyVolumeRequest as _corral_v1_CopyVolumeRequest, CopyVolumeRequest__Output as _corral_v1_CopyVolumeRequest__Output } from '../../corral/v1/CopyVolumeRequest';
import type { CreateStoragePoolRequest as _corral_v1_CreateStoragePoolRequest, CreateStoragePoolRequest__Output as _corral_v1_CreateStoragePoolRequest__Output } from '../../corral/v1/CreateStoragePoolRequest';
import type { CreateVolumeRequest as _corral_v1_CreateVolumeRequest, CreateVolumeRequest__Output as _corral_v1_CreateVolumeRequest__Output } from '../../corral/v1/CreateVolumeRequest';
import type { DeleteStoragePoolRequest as _corral_v1_DeleteStoragePoolRequest, DeleteStoragePoolRequest__Output as _corral_v1_DeleteStoragePoolRequest__Output } from '../../corral/v1/DeleteStoragePoolRequest';
import type { DeleteStoragePoolResponse as _corral_v1_DeleteStoragePoolResponse, DeleteStoragePoolResponse__Output as _corral_v1_DeleteStoragePoolResponse__Output } from '../../corral/v1/DeleteStoragePoolResponse';
import type { GetStoragePoolRequest as _corral_v1_GetStoragePoolRequest, GetStoragePoolRequest__Output as _corral_v1_GetStoragePoolRequest__Output } from '../../corral/v1/GetStoragePoolRequest';
import type { GetVolumeRequest as _corral_v1_GetVolumeRequest, GetVolumeRequest__Output as _corral_v1_GetVolumeRequest__Output } from '../../corral/v1/GetVolumeRequest';
import type { ListStoragePoolsRequest as _corral_v1_ListStoragePoolsRequest, ListStoragePoolsRequest__Output as _corral_v1_ListStoragePoolsRequest__Output } from '../../corral/v1/ListStoragePoolsRequest';
import type { ListStoragePoolsResponse as _corral_v1_ListStoragePoolsResponse, ListStoragePoolsResponse__Output as _corral_v1_ListStoragePoolsResponse__Output } from '../../corral/v1/ListStoragePoolsResponse';
import type { ListVolumeSnapshotsResponse as _corral_v1_ListVolumeSnapshotsResponse, ListVolumeSnapshotsResponse__Output as _corral_v1_ListVolumeSnapshotsResponse__Output } from '../../corral/v1/ListVolumeSnapshotsResponse';
import type { ListVolumesRequest as _corral_v1_ListVolumesRequest, ListVolumesRequest__Output as _corral_v1_ListVolumesRequest__Output } from '../../corral/v1/ListVolumesRequest';
import type { ListVolumesResponse as _corral_v1_ListVolumesResponse, ListVolumesResponse__Output as _corral_v1_ListVolumesResponse__Output } from '../../corral/v1/ListVolumesResponse';
import type { StoragePool as _corral_v1_StoragePool, StoragePool__Output as _corral_v1_StoragePool__Output } from '../../corral/v1/StoragePool';
import type { UpdateStoragePoolRequest as _corral_v1_UpdateStoragePoolRequest, UpdateStoragePoolRequest__Output as _corral_v1_UpdateStoragePoolRequest__Output } from '../../corral/v1/UpdateStoragePoolRequest';
import type { UpdateVolumeRequest as _corral_v1_UpdateVolumeRequest, UpdateVolumeRequest__Output as _corral_v1_UpdateVolumeRequest__Output } from '../../corral/v1/UpdateVolumeRequest';
import type { Volume as _corral_v1_Volume, Volume__Output as _corral_v1_Volume__Output } from '../../corral/v1/Volume';
import type { VolumeSnapshot as _corral_v1_VolumeSnapshot, VolumeSnapshot__Output as _corral_v1_VolumeSnapshot__Output } from '../../corral/v1/VolumeSnapshot';
import type { VolumeSnapshotRequest as _corral_v1_VolumeSnapshotRequest, VolumeSnapshotRequest__Output as _corral_v1_VolumeSnapshotRequest__Output } from '../../corral/v1/VolumeSnapshotRequest';

export interface StoragePoolsClient extends grpc.Client {
  CopyVolume(argument: _corral_v1_CopyVolumeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Volume__Output>): grpc.ClientUnaryCall;
  CopyVolume(argument: _corral_v1_CopyVolumeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Volume__Output>): grpc.ClientUnaryCall;
  CopyVolume(argument: _corral_v1_CopyVolumeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Volume__Output>): grpc.ClientUnaryCall;
  CopyVolume(argument: _corral_v1_CopyVolumeRequest, callback: grpc.requestCallback<_corral_v1_Volume__Output>): grpc.ClientUnaryCall;
  copyVolume(argument: _corral_v1_CopyVolumeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Volume__Output>): grpc.ClientUnaryCall;
  copyVolume(argument: _corral_v1_CopyVolumeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Volume__Output>): grpc.ClientUnaryCall;
  copyVolume(argument: _corral_v1_CopyVolumeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Volume__Output>): grpc.ClientUnaryCall;
  copyVolume(argument: _corral_v1_CopyVolumeRequest, callback: grpc.requestCallback<_corral_v1_Volume__Output>): grpc.ClientUnaryCall;
  
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
  
  CreateVolumeSnapshot(argument: _corral_v1_VolumeSnapshotRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_VolumeSnapshot__Output>): grpc.ClientUnaryCall;
  CreateVolumeSnapshot(argument: _corral_v1_VolumeSnapshotRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_VolumeSnapshot__Output>): grpc.ClientUnaryCall;
  CreateVolumeSnapshot(argument: _corral_v1_VolumeSnapshotRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_VolumeSnapshot__Output>): grpc.ClientUnaryCall;
  CreateVolumeSnapshot(argument: _corral_v1_VolumeSnapshotRequest, callback: grpc.requestCallback<_corral_v1_VolumeSnapshot__Output>): grpc.ClientUnaryCall;
  createVolumeSnapshot(argument: _corral_v1_VolumeSnapshotRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_VolumeSnapshot__Output>): grpc.ClientUnaryCall;
  createVolumeSnapshot(argument: _corral_v1_VolumeSnapshotRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_VolumeSnapshot__Output>): grpc.ClientUnaryCall;
  createVolumeSnapshot(argument: _corral_v1_VolumeSnapshotRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_VolumeSnapshot__Output>): grpc.ClientUnaryCall;
  createVolumeSnapshot(argument: _corral_v1_VolumeSnapshotRequest, callback: grpc.requestCallback<_corral_v1_VolumeSnapshot__Output>): grpc.ClientUnaryCall;
  
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
  
  DeleteVolumeSnapshot(argument: _corral_v1_VolumeSnapshotRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_DeleteStoragePoolResponse__Output>): grpc.ClientUnaryCall;
  DeleteVolumeSnapshot(argument: _corral_v1_VolumeSnapshotRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_DeleteStoragePoolResponse__Output>): grpc.ClientUnaryCall;
  DeleteVolumeSnapshot(argument: _corral_v1_VolumeSnapshotRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_DeleteStoragePoolResponse__Output>): grpc.ClientUnaryCall;
  DeleteVolumeSnapshot(argument: _corral_v1_VolumeSnapshotRequest, callback: grpc.requestCallback<_corral_v1_DeleteStoragePoolResponse__Output>): grpc.ClientUnaryCall;
  deleteVolumeSnapshot(argument: _corral_v1_VolumeSnapshotRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_DeleteStoragePoolResponse__Output>): grpc.ClientUnaryCall;
  deleteVolumeSnapshot(argument: _corral_v1_VolumeSnapshotRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_DeleteStoragePoolResponse__Output>): grpc.ClientUnaryCall;
  deleteVolumeSnapshot(argument: _corral_v1_VolumeSnapshotRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_DeleteStoragePoolResponse__Output>): grpc.ClientUnaryCall;
  deleteVolumeSnapshot(argument: _corral_v1_VolumeSnapshotRequest, callback: grpc.requestCallback<_corral_v1_DeleteStoragePoolResponse__Output>): grpc.ClientUnaryCall;
  
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
  
  ListVolumeSnapshots(argument: _corral_v1_GetVolumeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListVolumeSnapshotsResponse__Output>): grpc.ClientUnaryCall;
  ListVolumeSnapshots(argument: _corral_v1_GetVolumeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_ListVolumeSnapshotsResponse__Output>): grpc.ClientUnaryCall;
  ListVolumeSnapshots(argument: _corral_v1_GetVolumeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListVolumeSnapshotsResponse__Output>): grpc.ClientUnaryCall;
  ListVolumeSnapshots(argument: _corral_v1_GetVolumeRequest, callback: grpc.requestCallback<_corral_v1_ListVolumeSnapshotsResponse__Output>): grpc.ClientUnaryCall;
  listVolumeSnapshots(argument: _corral_v1_GetVolumeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListVolumeSnapshotsResponse__Output>): grpc.ClientUnaryCall;
  listVolumeSnapshots(argument: _corral_v1_GetVolumeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_ListVolumeSnapshotsResponse__Output>): grpc.ClientUnaryCall;
  listVolumeSnapshots(argument: _corral_v1_GetVolumeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListVolumeSnapshotsResponse__Output>): grpc.ClientUnaryCall;
  listVolumeSnapshots(argument: _corral_v1_GetVolumeRequest, callback: grpc.requestCallback<_corral_v1_ListVolumeSnapshotsResponse__Output>): grpc.ClientUnaryCall;
  
  ListVolumes(argument: _corral_v1_ListVolumesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListVolumesResponse__Output>): grpc.ClientUnaryCall;
  ListVolumes(argument: _corral_v1_ListVolumesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_ListVolumesResponse__Output>): grpc.ClientUnaryCall;
  ListVolumes(argument: _corral_v1_ListVolumesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListVolumesResponse__Output>): grpc.ClientUnaryCall;
  ListVolumes(argument: _corral_v1_ListVolumesRequest, callback: grpc.requestCallback<_corral_v1_ListVolumesResponse__Output>): grpc.ClientUnaryCall;
  listVolumes(argument: _corral_v1_ListVolumesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListVolumesResponse__Output>): grpc.ClientUnaryCall;
  listVolumes(argument: _corral_v1_ListVolumesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_ListVolumesResponse__Output>): grpc.ClientUnaryCall;
  listVolumes(argument: _corral_v1_ListVolumesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListVolumesResponse__Output>): grpc.ClientUnaryCall;
  listVolumes(argument: _corral_v1_ListVolumesRequest, callback: grpc.requestCallback<_corral_v1_ListVolumesResponse__Output>): grpc.ClientUnaryCall;
  
  RestoreVolumeSnapshot(argument: _corral_v1_VolumeSnapshotRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_DeleteStoragePoolResponse__Output>): grpc.ClientUnaryCall;
  RestoreVolumeSnapshot(argument: _corral_v1_VolumeSnapshotRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_DeleteStoragePoolResponse__Output>): grpc.ClientUnaryCall;
  RestoreVolumeSnapshot(argument: _corral_v1_VolumeSnapshotRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_DeleteStoragePoolResponse__Output>): grpc.ClientUnaryCall;
  RestoreVolumeSnapshot(argument: _corral_v1_VolumeSnapshotRequest, callback: grpc.requestCallback<_corral_v1_DeleteStoragePoolResponse__Output>): grpc.ClientUnaryCall;
  restoreVolumeSnapshot(argument: _corral_v1_VolumeSnapshotRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_DeleteStoragePoolResponse__Output>): grpc.ClientUnaryCall;
  restoreVolumeSnapshot(argument: _corral_v1_VolumeSnapshotRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_DeleteStoragePoolResponse__Output>): grpc.ClientUnaryCall;
  restoreVolumeSnapshot(argument: _corral_v1_VolumeSnapshotRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_DeleteStoragePoolResponse__Output>): grpc.ClientUnaryCall;
  restoreVolumeSnapshot(argument: _corral_v1_VolumeSnapshotRequest, callback: grpc.requestCallback<_corral_v1_DeleteStoragePoolResponse__Output>): grpc.ClientUnaryCall;
  
  UpdateStoragePool(argument: _corral_v1_UpdateStoragePoolRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_StoragePool__Output>): grpc.ClientUnaryCall;
  UpdateStoragePool(argument: _corral_v1_UpdateStoragePoolRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_StoragePool__Output>): grpc.ClientUnaryCall;
  UpdateStoragePool(argument: _corral_v1_UpdateStoragePoolRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_StoragePool__Output>): grpc.ClientUnaryCall;
  UpdateStoragePool(argument: _corral_v1_UpdateStoragePoolRequest, callback: grpc.requestCallback<_corral_v1_StoragePool__Output>): grpc.ClientUnaryCall;
  updateStoragePool(argument: _corral_v1_UpdateStoragePoolRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_StoragePool__Output>): grpc.ClientUnaryCall;
  updateStoragePool(argument: _corral_v1_UpdateStoragePoolRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_StoragePool__Output>): grpc.ClientUnaryCall;
  updateStoragePool(argument: _corral_v1_UpdateStoragePoolRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_StoragePool__Output>): grpc.ClientUnaryCall;
  updateStoragePool(argument: _corral_v1_UpdateStoragePoolRequest, callback: grpc.requestCallback<_corral_v1_StoragePool__Output>): grpc.ClientUnaryCall;
  
  UpdateVolume(argument: _corral_v1_UpdateVolumeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Volume__Output>): grpc.ClientUnaryCall;
  UpdateVolume(argument: _corral_v1_UpdateVolumeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Volume__Output>): grpc.ClientUnaryCall;
  UpdateVolume(argument: _corral_v1_UpdateVolumeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Volume__Output>): grpc.ClientUnaryCall;
  UpdateVolume(argument: _corral_v1_UpdateVolumeRequest, callback: grpc.requestCallback<_corral_v1_Volume__Output>): grpc.ClientUnaryCall;
  updateVolume(argument: _corral_v1_UpdateVolumeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Volume__Output>): grpc.ClientUnaryCall;
  updateVolume(argument: _corral_v1_UpdateVolumeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Volume__Output>): grpc.ClientUnaryCall;
  updateVolume(argument: _corral_v1_UpdateVolumeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Volume__Output>): grpc.ClientUnaryCall;
  updateVolume(argument: _corral_v1_UpdateVolumeRequest, callback: grpc.requestCallback<_corral_v1_Volume__Output>): grpc.ClientUnaryCall;
  
}

export interface StoragePoolsHandlers extends grpc.UntypedServiceImplementation {
  CopyVolume: grpc.handleUnaryCall<_corral_v1_CopyVolumeRequest__Output, _corral_v1_Volume>;
  
  CreateStoragePool: grpc.handleUnaryCall<_corral_v1_CreateStoragePoolRequest__Output, _corral_v1_StoragePool>;
  
  CreateVolume: grpc.handleUnaryCall<_corral_v1_CreateVolumeRequest__Output, _corral_v1_Volume>;
  
  CreateVolumeSnapshot: grpc.handleUnaryCall<_corral_v1_VolumeSnapshotRequest__Output, _corral_v1_VolumeSnapshot>;
  
  DeleteStoragePool: grpc.handleUnaryCall<_corral_v1_DeleteStoragePoolRequest__Output, _corral_v1_DeleteStoragePoolResponse>;
  
  DeleteVolume: grpc.handleUnaryCall<_corral_v1_GetVolumeRequest__Output, _corral_v1_DeleteStoragePoolResponse>;
  
  DeleteVolumeSnapshot: grpc.handleUnaryCall<_corral_v1_VolumeSnapshotRequest__Output, _corral_v1_DeleteStoragePoolResponse>;
  
  GetStoragePool: grpc.handleUnaryCall<_corral_v1_GetStoragePoolRequest__Output, _corral_v1_StoragePool>;
  
  GetVolume: grpc.handleUnaryCall<_corral_v1_GetVolumeRequest__Output, _corral_v1_Volume>;
  
  ListStoragePools: grpc.handleUnaryCall<_corral_v1_ListStoragePoolsRequest__Output, _corral_v1_ListStoragePoolsResponse>;
  
  ListVolumeSnapshots: grpc.handleUnaryCall<_corral_v1_GetVolumeRequest__Output, _corral_v1_ListVolumeSnapshotsResponse>;
  
  ListVolumes: grpc.handleUnaryCall<_corral_v1_ListVolumesRequest__Output, _corral_v1_ListVolumesResponse>;
  
  RestoreVolumeSnapshot: grpc.handleUnaryCall<_corral_v1_VolumeSnapshotRequest__Output, _corral_v1_DeleteStoragePoolResponse>;
  
  UpdateStoragePool: grpc.handleUnaryCall<_corral_v1_UpdateStoragePoolRequest__Output, _corral_v1_StoragePool>;
  
  UpdateVolume: grpc.handleUnaryCall<_corral_v1_UpdateVolumeRequest__Output, _corral_v1_Volume>;
  
}

export interface StoragePoolsDefinition extends grpc.ServiceDefinition {
  CopyVolume: MethodDefinition<_corral_v1_CopyVolumeRequest, _corral_v1_Volume, _corral_v1_CopyVolumeRequest__Output, _corral_v1_Volume__Output>
  CreateStoragePool: MethodDefinition<_corral_v1_CreateStoragePoolRequest, _corral_v1_StoragePool, _corral_v1_CreateStoragePoolRequest__Output, _corral_v1_StoragePool__Output>
  CreateVolume: MethodDefinition<_corral_v1_CreateVolumeRequest, _corral_v1_Volume, _corral_v1_CreateVolumeRequest__Output, _corral_v1_Volume__Output>
  CreateVolumeSnapshot: MethodDefinition<_corral_v1_VolumeSnapshotRequest, _corral_v1_VolumeSnapshot, _corral_v1_VolumeSnapshotRequest__Output, _corral_v1_VolumeSnapshot__Output>
  DeleteStoragePool: MethodDefinition<_corral_v1_DeleteStoragePoolRequest, _corral_v1_DeleteStoragePoolResponse, _corral_v1_DeleteStoragePoolRequest__Output, _corral_v1_DeleteStoragePoolResponse__Output>
  DeleteVolume: MethodDefinition<_corral_v1_GetVolumeRequest, _corral_v1_DeleteStoragePoolResponse, _corral_v1_GetVolumeRequest__Output, _corral_v1_DeleteStoragePoolResponse__Output>
  DeleteVolumeSnapshot: MethodDefinition<_corral_v1_VolumeSnapshotRequest, _corral_v1_DeleteStoragePoolResponse, _corral_v1_VolumeSnapshotRequest__Output, _corral_v1_DeleteStoragePoolResponse__Output>
  GetStoragePool: MethodDefinition<_corral_v1_GetStoragePoolRequest, _corral_v1_StoragePool, _corral_v1_GetStoragePoolRequest__Output, _corral_v1_StoragePool__Output>
  GetVolume: MethodDefinition<_corral_v1_GetVolumeRequest, _corral_v1_Volume, _corral_v1_GetVolumeRequest__Output, _corral_v1_Volume__Output>
  ListStoragePools: MethodDefinition<_corral_v1_ListStoragePoolsRequest, _corral_v1_ListStoragePoolsResponse, _corral_v1_ListStoragePoolsRequest__Output, _corral_v1_ListStoragePoolsResponse__Output>
  ListVolumeSnapshots: MethodDefinition<_corral_v1_GetVolumeRequest, _corral_v1_ListVolumeSnapshotsResponse, _corral_v1_GetVolumeRequest__Output, _corral_v1_ListVolumeSnapshotsResponse__Output>
  ListVolumes: MethodDefinition<_corral_v1_ListVolumesRequest, _corral_v1_ListVolumesResponse, _corral_v1_ListVolumesRequest__Output, _corral_v1_ListVolumesResponse__Output>
  RestoreVolumeSnapshot: MethodDefinition<_corral_v1_VolumeSnapshotRequest, _corral_v1_DeleteStoragePoolResponse, _corral_v1_VolumeSnapshotRequest__Output, _corral_v1_DeleteStoragePoolResponse__Output>
  UpdateStoragePool: MethodDefinition<_corral_v1_UpdateStoragePoolRequest, _corral_v1_StoragePool, _corral_v1_UpdateStoragePoolRequest__Output, _corral_v1_StoragePool__Output>
  UpdateVolume: MethodDefinition<_corral_v1_UpdateVolumeRequest, _corral_v1_Volume, _corral_v1_UpdateVolumeRequest__Output, _corral_v1_Volume__Output>
}
