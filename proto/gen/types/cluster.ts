import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { BackupChunk as _corral_v1_BackupChunk, BackupChunk__Output as _corral_v1_BackupChunk__Output } from './corral/v1/BackupChunk';
import type { BackupHeader as _corral_v1_BackupHeader, BackupHeader__Output as _corral_v1_BackupHeader__Output } from './corral/v1/BackupHeader';
import type { ChangeInstanceStateRequest as _corral_v1_ChangeInstanceStateRequest, ChangeInstanceStateRequest__Output as _corral_v1_ChangeInstanceStateRequest__Output } from './corral/v1/ChangeInstanceStateRequest';
import type { ClusterClient as _corral_v1_ClusterClient, ClusterDefinition as _corral_v1_ClusterDefinition } from './corral/v1/Cluster';
import type { ClusterMember as _corral_v1_ClusterMember, ClusterMember__Output as _corral_v1_ClusterMember__Output } from './corral/v1/ClusterMember';
import type { ConsoleInput as _corral_v1_ConsoleInput, ConsoleInput__Output as _corral_v1_ConsoleInput__Output } from './corral/v1/ConsoleInput';
import type { ConsoleLog as _corral_v1_ConsoleLog, ConsoleLog__Output as _corral_v1_ConsoleLog__Output } from './corral/v1/ConsoleLog';
import type { ConsoleOutput as _corral_v1_ConsoleOutput, ConsoleOutput__Output as _corral_v1_ConsoleOutput__Output } from './corral/v1/ConsoleOutput';
import type { CreateInstanceRequest as _corral_v1_CreateInstanceRequest, CreateInstanceRequest__Output as _corral_v1_CreateInstanceRequest__Output } from './corral/v1/CreateInstanceRequest';
import type { CreateJoinTokenRequest as _corral_v1_CreateJoinTokenRequest, CreateJoinTokenRequest__Output as _corral_v1_CreateJoinTokenRequest__Output } from './corral/v1/CreateJoinTokenRequest';
import type { CreateSnapshotRequest as _corral_v1_CreateSnapshotRequest, CreateSnapshotRequest__Output as _corral_v1_CreateSnapshotRequest__Output } from './corral/v1/CreateSnapshotRequest';
import type { DeleteInstanceRequest as _corral_v1_DeleteInstanceRequest, DeleteInstanceRequest__Output as _corral_v1_DeleteInstanceRequest__Output } from './corral/v1/DeleteInstanceRequest';
import type { DeleteSnapshotResponse as _corral_v1_DeleteSnapshotResponse, DeleteSnapshotResponse__Output as _corral_v1_DeleteSnapshotResponse__Output } from './corral/v1/DeleteSnapshotResponse';
import type { Device as _corral_v1_Device, Device__Output as _corral_v1_Device__Output } from './corral/v1/Device';
import type { EnableClusterRequest as _corral_v1_EnableClusterRequest, EnableClusterRequest__Output as _corral_v1_EnableClusterRequest__Output } from './corral/v1/EnableClusterRequest';
import type { ExecInput as _corral_v1_ExecInput, ExecInput__Output as _corral_v1_ExecInput__Output } from './corral/v1/ExecInput';
import type { ExecOutput as _corral_v1_ExecOutput, ExecOutput__Output as _corral_v1_ExecOutput__Output } from './corral/v1/ExecOutput';
import type { ExecResize as _corral_v1_ExecResize, ExecResize__Output as _corral_v1_ExecResize__Output } from './corral/v1/ExecResize';
import type { ExecStart as _corral_v1_ExecStart, ExecStart__Output as _corral_v1_ExecStart__Output } from './corral/v1/ExecStart';
import type { ExportInstanceRequest as _corral_v1_ExportInstanceRequest, ExportInstanceRequest__Output as _corral_v1_ExportInstanceRequest__Output } from './corral/v1/ExportInstanceRequest';
import type { FileChunk as _corral_v1_FileChunk, FileChunk__Output as _corral_v1_FileChunk__Output } from './corral/v1/FileChunk';
import type { FileHeader as _corral_v1_FileHeader, FileHeader__Output as _corral_v1_FileHeader__Output } from './corral/v1/FileHeader';
import type { FileInfo as _corral_v1_FileInfo, FileInfo__Output as _corral_v1_FileInfo__Output } from './corral/v1/FileInfo';
import type { GetConsoleLogRequest as _corral_v1_GetConsoleLogRequest, GetConsoleLogRequest__Output as _corral_v1_GetConsoleLogRequest__Output } from './corral/v1/GetConsoleLogRequest';
import type { GetInstanceRequest as _corral_v1_GetInstanceRequest, GetInstanceRequest__Output as _corral_v1_GetInstanceRequest__Output } from './corral/v1/GetInstanceRequest';
import type { GetMemberRequest as _corral_v1_GetMemberRequest, GetMemberRequest__Output as _corral_v1_GetMemberRequest__Output } from './corral/v1/GetMemberRequest';
import type { GetOperationRequest as _corral_v1_GetOperationRequest, GetOperationRequest__Output as _corral_v1_GetOperationRequest__Output } from './corral/v1/GetOperationRequest';
import type { Instance as _corral_v1_Instance, Instance__Output as _corral_v1_Instance__Output } from './corral/v1/Instance';
import type { InstanceSource as _corral_v1_InstanceSource, InstanceSource__Output as _corral_v1_InstanceSource__Output } from './corral/v1/InstanceSource';
import type { InstanceState as _corral_v1_InstanceState, InstanceState__Output as _corral_v1_InstanceState__Output } from './corral/v1/InstanceState';
import type { InstancesClient as _corral_v1_InstancesClient, InstancesDefinition as _corral_v1_InstancesDefinition } from './corral/v1/Instances';
import type { JoinRequest as _corral_v1_JoinRequest, JoinRequest__Output as _corral_v1_JoinRequest__Output } from './corral/v1/JoinRequest';
import type { JoinResponse as _corral_v1_JoinResponse, JoinResponse__Output as _corral_v1_JoinResponse__Output } from './corral/v1/JoinResponse';
import type { JoinToken as _corral_v1_JoinToken, JoinToken__Output as _corral_v1_JoinToken__Output } from './corral/v1/JoinToken';
import type { ListInstancesRequest as _corral_v1_ListInstancesRequest, ListInstancesRequest__Output as _corral_v1_ListInstancesRequest__Output } from './corral/v1/ListInstancesRequest';
import type { ListInstancesResponse as _corral_v1_ListInstancesResponse, ListInstancesResponse__Output as _corral_v1_ListInstancesResponse__Output } from './corral/v1/ListInstancesResponse';
import type { ListMembersRequest as _corral_v1_ListMembersRequest, ListMembersRequest__Output as _corral_v1_ListMembersRequest__Output } from './corral/v1/ListMembersRequest';
import type { ListMembersResponse as _corral_v1_ListMembersResponse, ListMembersResponse__Output as _corral_v1_ListMembersResponse__Output } from './corral/v1/ListMembersResponse';
import type { ListOperationsRequest as _corral_v1_ListOperationsRequest, ListOperationsRequest__Output as _corral_v1_ListOperationsRequest__Output } from './corral/v1/ListOperationsRequest';
import type { ListOperationsResponse as _corral_v1_ListOperationsResponse, ListOperationsResponse__Output as _corral_v1_ListOperationsResponse__Output } from './corral/v1/ListOperationsResponse';
import type { ListSnapshotsRequest as _corral_v1_ListSnapshotsRequest, ListSnapshotsRequest__Output as _corral_v1_ListSnapshotsRequest__Output } from './corral/v1/ListSnapshotsRequest';
import type { ListSnapshotsResponse as _corral_v1_ListSnapshotsResponse, ListSnapshotsResponse__Output as _corral_v1_ListSnapshotsResponse__Output } from './corral/v1/ListSnapshotsResponse';
import type { NetworkAddress as _corral_v1_NetworkAddress, NetworkAddress__Output as _corral_v1_NetworkAddress__Output } from './corral/v1/NetworkAddress';
import type { NetworkState as _corral_v1_NetworkState, NetworkState__Output as _corral_v1_NetworkState__Output } from './corral/v1/NetworkState';
import type { Operation as _corral_v1_Operation, Operation__Output as _corral_v1_Operation__Output } from './corral/v1/Operation';
import type { OperationsClient as _corral_v1_OperationsClient, OperationsDefinition as _corral_v1_OperationsDefinition } from './corral/v1/Operations';
import type { Placement as _corral_v1_Placement, Placement__Output as _corral_v1_Placement__Output } from './corral/v1/Placement';
import type { PullFileRequest as _corral_v1_PullFileRequest, PullFileRequest__Output as _corral_v1_PullFileRequest__Output } from './corral/v1/PullFileRequest';
import type { RemoveMemberRequest as _corral_v1_RemoveMemberRequest, RemoveMemberRequest__Output as _corral_v1_RemoveMemberRequest__Output } from './corral/v1/RemoveMemberRequest';
import type { RemoveMemberResponse as _corral_v1_RemoveMemberResponse, RemoveMemberResponse__Output as _corral_v1_RemoveMemberResponse__Output } from './corral/v1/RemoveMemberResponse';
import type { SetMemberGroupsRequest as _corral_v1_SetMemberGroupsRequest, SetMemberGroupsRequest__Output as _corral_v1_SetMemberGroupsRequest__Output } from './corral/v1/SetMemberGroupsRequest';
import type { Snapshot as _corral_v1_Snapshot, Snapshot__Output as _corral_v1_Snapshot__Output } from './corral/v1/Snapshot';
import type { SnapshotRequest as _corral_v1_SnapshotRequest, SnapshotRequest__Output as _corral_v1_SnapshotRequest__Output } from './corral/v1/SnapshotRequest';
import type { UpdateInstanceRequest as _corral_v1_UpdateInstanceRequest, UpdateInstanceRequest__Output as _corral_v1_UpdateInstanceRequest__Output } from './corral/v1/UpdateInstanceRequest';
import type { WaitOperationRequest as _corral_v1_WaitOperationRequest, WaitOperationRequest__Output as _corral_v1_WaitOperationRequest__Output } from './corral/v1/WaitOperationRequest';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  corral: {
    v1: {
      BackupChunk: MessageTypeDefinition<_corral_v1_BackupChunk, _corral_v1_BackupChunk__Output>
      BackupHeader: MessageTypeDefinition<_corral_v1_BackupHeader, _corral_v1_BackupHeader__Output>
      ChangeInstanceStateRequest: MessageTypeDefinition<_corral_v1_ChangeInstanceStateRequest, _corral_v1_ChangeInstanceStateRequest__Output>
      Cluster: SubtypeConstructor<typeof grpc.Client, _corral_v1_ClusterClient> & { service: _corral_v1_ClusterDefinition }
      ClusterMember: MessageTypeDefinition<_corral_v1_ClusterMember, _corral_v1_ClusterMember__Output>
      ConsoleInput: MessageTypeDefinition<_corral_v1_ConsoleInput, _corral_v1_ConsoleInput__Output>
      ConsoleLog: MessageTypeDefinition<_corral_v1_ConsoleLog, _corral_v1_ConsoleLog__Output>
      ConsoleOutput: MessageTypeDefinition<_corral_v1_ConsoleOutput, _corral_v1_ConsoleOutput__Output>
      CreateInstanceRequest: MessageTypeDefinition<_corral_v1_CreateInstanceRequest, _corral_v1_CreateInstanceRequest__Output>
      CreateJoinTokenRequest: MessageTypeDefinition<_corral_v1_CreateJoinTokenRequest, _corral_v1_CreateJoinTokenRequest__Output>
      CreateSnapshotRequest: MessageTypeDefinition<_corral_v1_CreateSnapshotRequest, _corral_v1_CreateSnapshotRequest__Output>
      DeleteInstanceRequest: MessageTypeDefinition<_corral_v1_DeleteInstanceRequest, _corral_v1_DeleteInstanceRequest__Output>
      DeleteSnapshotResponse: MessageTypeDefinition<_corral_v1_DeleteSnapshotResponse, _corral_v1_DeleteSnapshotResponse__Output>
      Device: MessageTypeDefinition<_corral_v1_Device, _corral_v1_Device__Output>
      EnableClusterRequest: MessageTypeDefinition<_corral_v1_EnableClusterRequest, _corral_v1_EnableClusterRequest__Output>
      ExecInput: MessageTypeDefinition<_corral_v1_ExecInput, _corral_v1_ExecInput__Output>
      ExecOutput: MessageTypeDefinition<_corral_v1_ExecOutput, _corral_v1_ExecOutput__Output>
      ExecResize: MessageTypeDefinition<_corral_v1_ExecResize, _corral_v1_ExecResize__Output>
      ExecStart: MessageTypeDefinition<_corral_v1_ExecStart, _corral_v1_ExecStart__Output>
      ExportInstanceRequest: MessageTypeDefinition<_corral_v1_ExportInstanceRequest, _corral_v1_ExportInstanceRequest__Output>
      FileChunk: MessageTypeDefinition<_corral_v1_FileChunk, _corral_v1_FileChunk__Output>
      FileHeader: MessageTypeDefinition<_corral_v1_FileHeader, _corral_v1_FileHeader__Output>
      FileInfo: MessageTypeDefinition<_corral_v1_FileInfo, _corral_v1_FileInfo__Output>
      GetConsoleLogRequest: MessageTypeDefinition<_corral_v1_GetConsoleLogRequest, _corral_v1_GetConsoleLogRequest__Output>
      GetInstanceRequest: MessageTypeDefinition<_corral_v1_GetInstanceRequest, _corral_v1_GetInstanceRequest__Output>
      GetMemberRequest: MessageTypeDefinition<_corral_v1_GetMemberRequest, _corral_v1_GetMemberRequest__Output>
      GetOperationRequest: MessageTypeDefinition<_corral_v1_GetOperationRequest, _corral_v1_GetOperationRequest__Output>
      Instance: MessageTypeDefinition<_corral_v1_Instance, _corral_v1_Instance__Output>
      InstanceSource: MessageTypeDefinition<_corral_v1_InstanceSource, _corral_v1_InstanceSource__Output>
      InstanceState: MessageTypeDefinition<_corral_v1_InstanceState, _corral_v1_InstanceState__Output>
      Instances: SubtypeConstructor<typeof grpc.Client, _corral_v1_InstancesClient> & { service: _corral_v1_InstancesDefinition }
      JoinRequest: MessageTypeDefinition<_corral_v1_JoinRequest, _corral_v1_JoinRequest__Output>
      JoinResponse: MessageTypeDefinition<_corral_v1_JoinResponse, _corral_v1_JoinResponse__Output>
      JoinToken: MessageTypeDefinition<_corral_v1_JoinToken, _corral_v1_JoinToken__Output>
      ListInstancesRequest: MessageTypeDefinition<_corral_v1_ListInstancesRequest, _corral_v1_ListInstancesRequest__Output>
      ListInstancesResponse: MessageTypeDefinition<_corral_v1_ListInstancesResponse, _corral_v1_ListInstancesResponse__Output>
      ListMembersRequest: MessageTypeDefinition<_corral_v1_ListMembersRequest, _corral_v1_ListMembersRequest__Output>
      ListMembersResponse: MessageTypeDefinition<_corral_v1_ListMembersResponse, _corral_v1_ListMembersResponse__Output>
      ListOperationsRequest: MessageTypeDefinition<_corral_v1_ListOperationsRequest, _corral_v1_ListOperationsRequest__Output>
      ListOperationsResponse: MessageTypeDefinition<_corral_v1_ListOperationsResponse, _corral_v1_ListOperationsResponse__Output>
      ListSnapshotsRequest: MessageTypeDefinition<_corral_v1_ListSnapshotsRequest, _corral_v1_ListSnapshotsRequest__Output>
      ListSnapshotsResponse: MessageTypeDefinition<_corral_v1_ListSnapshotsResponse, _corral_v1_ListSnapshotsResponse__Output>
      NetworkAddress: MessageTypeDefinition<_corral_v1_NetworkAddress, _corral_v1_NetworkAddress__Output>
      NetworkState: MessageTypeDefinition<_corral_v1_NetworkState, _corral_v1_NetworkState__Output>
      Operation: MessageTypeDefinition<_corral_v1_Operation, _corral_v1_Operation__Output>
      Operations: SubtypeConstructor<typeof grpc.Client, _corral_v1_OperationsClient> & { service: _corral_v1_OperationsDefinition }
      Placement: MessageTypeDefinition<_corral_v1_Placement, _corral_v1_Placement__Output>
      PullFileRequest: MessageTypeDefinition<_corral_v1_PullFileRequest, _corral_v1_PullFileRequest__Output>
      RemoveMemberRequest: MessageTypeDefinition<_corral_v1_RemoveMemberRequest, _corral_v1_RemoveMemberRequest__Output>
      RemoveMemberResponse: MessageTypeDefinition<_corral_v1_RemoveMemberResponse, _corral_v1_RemoveMemberResponse__Output>
      SetMemberGroupsRequest: MessageTypeDefinition<_corral_v1_SetMemberGroupsRequest, _corral_v1_SetMemberGroupsRequest__Output>
      Snapshot: MessageTypeDefinition<_corral_v1_Snapshot, _corral_v1_Snapshot__Output>
      SnapshotRequest: MessageTypeDefinition<_corral_v1_SnapshotRequest, _corral_v1_SnapshotRequest__Output>
      UpdateInstanceRequest: MessageTypeDefinition<_corral_v1_UpdateInstanceRequest, _corral_v1_UpdateInstanceRequest__Output>
      WaitOperationRequest: MessageTypeDefinition<_corral_v1_WaitOperationRequest, _corral_v1_WaitOperationRequest__Output>
    }
  }
}

