import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { CopyVolumeRequest as _corral_v1_CopyVolumeRequest, CopyVolumeRequest__Output as _corral_v1_CopyVolumeRequest__Output } from './corral/v1/CopyVolumeRequest';
import type { CreateStoragePoolRequest as _corral_v1_CreateStoragePoolRequest, CreateStoragePoolRequest__Output as _corral_v1_CreateStoragePoolRequest__Output } from './corral/v1/CreateStoragePoolRequest';
import type { CreateVolumeRequest as _corral_v1_CreateVolumeRequest, CreateVolumeRequest__Output as _corral_v1_CreateVolumeRequest__Output } from './corral/v1/CreateVolumeRequest';
import type { DeleteStoragePoolRequest as _corral_v1_DeleteStoragePoolRequest, DeleteStoragePoolRequest__Output as _corral_v1_DeleteStoragePoolRequest__Output } from './corral/v1/DeleteStoragePoolRequest';
import type { DeleteStoragePoolResponse as _corral_v1_DeleteStoragePoolResponse, DeleteStoragePoolResponse__Output as _corral_v1_DeleteStoragePoolResponse__Output } from './corral/v1/DeleteStoragePoolResponse';
import type { GetStoragePoolRequest as _corral_v1_GetStoragePoolRequest, GetStoragePoolRequest__Output as _corral_v1_GetStoragePoolRequest__Output } from './corral/v1/GetStoragePoolRequest';
import type { GetVolumeRequest as _corral_v1_GetVolumeRequest, GetVolumeRequest__Output as _corral_v1_GetVolumeRequest__Output } from './corral/v1/GetVolumeRequest';
import type { ListStoragePoolsRequest as _corral_v1_ListStoragePoolsRequest, ListStoragePoolsRequest__Output as _corral_v1_ListStoragePoolsRequest__Output } from './corral/v1/ListStoragePoolsRequest';
import type { ListStoragePoolsResponse as _corral_v1_ListStoragePoolsResponse, ListStoragePoolsResponse__Output as _corral_v1_ListStoragePoolsResponse__Output } from './corral/v1/ListStoragePoolsResponse';
import type { ListVolumeSnapshotsResponse as _corral_v1_ListVolumeSnapshotsResponse, ListVolumeSnapshotsResponse__Output as _corral_v1_ListVolumeSnapshotsResponse__Output } from './corral/v1/ListVolumeSnapshotsResponse';
import type { ListVolumesRequest as _corral_v1_ListVolumesRequest, ListVolumesRequest__Output as _corral_v1_ListVolumesRequest__Output } from './corral/v1/ListVolumesRequest';
import type { ListVolumesResponse as _corral_v1_ListVolumesResponse, ListVolumesResponse__Output as _corral_v1_ListVolumesResponse__Output } from './corral/v1/ListVolumesResponse';
import type { StoragePool as _corral_v1_StoragePool, StoragePool__Output as _corral_v1_StoragePool__Output } from './corral/v1/StoragePool';
import type { StoragePoolsClient as _corral_v1_StoragePoolsClient, StoragePoolsDefinition as _corral_v1_StoragePoolsDefinition } from './corral/v1/StoragePools';
import type { UpdateStoragePoolRequest as _corral_v1_UpdateStoragePoolRequest, UpdateStoragePoolRequest__Output as _corral_v1_UpdateStoragePoolRequest__Output } from './corral/v1/UpdateStoragePoolRequest';
import type { UpdateVolumeRequest as _corral_v1_UpdateVolumeRequest, UpdateVolumeRequest__Output as _corral_v1_UpdateVolumeRequest__Output } from './corral/v1/UpdateVolumeRequest';
import type { Volume as _corral_v1_Volume, Volume__Output as _corral_v1_Volume__Output } from './corral/v1/Volume';
import type { VolumeSnapshot as _corral_v1_VolumeSnapshot, VolumeSnapshot__Output as _corral_v1_VolumeSnapshot__Output } from './corral/v1/VolumeSnapshot';
import type { VolumeSnapshotRequest as _corral_v1_VolumeSnapshotRequest, VolumeSnapshotRequest__Output as _corral_v1_VolumeSnapshotRequest__Output } from './corral/v1/VolumeSnapshotRequest';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  corral: {
    v1: {
      CopyVolumeRequest: MessageTypeDefinition<_corral_v1_CopyVolumeRequest, _corral_v1_CopyVolumeRequest__Output>
      CreateStoragePoolRequest: MessageTypeDefinition<_corral_v1_CreateStoragePoolRequest, _corral_v1_CreateStoragePoolRequest__Output>
      CreateVolumeRequest: MessageTypeDefinition<_corral_v1_CreateVolumeRequest, _corral_v1_CreateVolumeRequest__Output>
      DeleteStoragePoolRequest: MessageTypeDefinition<_corral_v1_DeleteStoragePoolRequest, _corral_v1_DeleteStoragePoolRequest__Output>
      DeleteStoragePoolResponse: MessageTypeDefinition<_corral_v1_DeleteStoragePoolResponse, _corral_v1_DeleteStoragePoolResponse__Output>
      GetStoragePoolRequest: MessageTypeDefinition<_corral_v1_GetStoragePoolRequest, _corral_v1_GetStoragePoolRequest__Output>
      GetVolumeRequest: MessageTypeDefinition<_corral_v1_GetVolumeRequest, _corral_v1_GetVolumeRequest__Output>
      ListStoragePoolsRequest: MessageTypeDefinition<_corral_v1_ListStoragePoolsRequest, _corral_v1_ListStoragePoolsRequest__Output>
      ListStoragePoolsResponse: MessageTypeDefinition<_corral_v1_ListStoragePoolsResponse, _corral_v1_ListStoragePoolsResponse__Output>
      ListVolumeSnapshotsResponse: MessageTypeDefinition<_corral_v1_ListVolumeSnapshotsResponse, _corral_v1_ListVolumeSnapshotsResponse__Output>
      ListVolumesRequest: MessageTypeDefinition<_corral_v1_ListVolumesRequest, _corral_v1_ListVolumesRequest__Output>
      ListVolumesResponse: MessageTypeDefinition<_corral_v1_ListVolumesResponse, _corral_v1_ListVolumesResponse__Output>
      StoragePool: MessageTypeDefinition<_corral_v1_StoragePool, _corral_v1_StoragePool__Output>
      StoragePools: SubtypeConstructor<typeof grpc.Client, _corral_v1_StoragePoolsClient> & { service: _corral_v1_StoragePoolsDefinition }
      UpdateStoragePoolRequest: MessageTypeDefinition<_corral_v1_UpdateStoragePoolRequest, _corral_v1_UpdateStoragePoolRequest__Output>
      UpdateVolumeRequest: MessageTypeDefinition<_corral_v1_UpdateVolumeRequest, _corral_v1_UpdateVolumeRequest__Output>
      Volume: MessageTypeDefinition<_corral_v1_Volume, _corral_v1_Volume__Output>
      VolumeSnapshot: MessageTypeDefinition<_corral_v1_VolumeSnapshot, _corral_v1_VolumeSnapshot__Output>
      VolumeSnapshotRequest: MessageTypeDefinition<_corral_v1_VolumeSnapshotRequest, _corral_v1_VolumeSnapshotRequest__Output>
    }
  }
}

