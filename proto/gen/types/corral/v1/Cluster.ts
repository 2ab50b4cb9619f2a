// Original file: corral/v1/cluster.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ClusterMember as _corral_v1_ClusterMember, ClusterMember__Output as _corral_v1_ClusterMember__Output } from '../../corral/v1/ClusterMember';
import type { CreateInstanceRequest as _corral_v1_CreateInstanceRequest, CreateInstanceRequest__Output as _corral_v1_CreateInstanceRequest__Output } from '../../corral/v1/CreateInstanceRequest';
import type { CreateJoinTokenRequest as _corral_v1_CreateJoinTokenRequest, CreateJoinTokenRequest__Output as _corral_v1_CreateJoinTokenRequest__Output } from '../../corral/v1/CreateJoinTokenRequest';
import type { EnableClusterRequest as _corral_v1_EnableClusterRequest, EnableClusterRequest__Output as _corral_v1_EnableClusterRequest__Output } from '../../corral/v1/EnableClusterRequest';
import type { GetMemberRequest as _corral_v1_GetMemberRequest, GetMemberRequest__Output as _corral_v1_GetMemberRequest__Output } from '../../corral/v1/GetMemberRequest';
import type { JoinRequest as _corral_v1_JoinRequest, JoinRequest__Output as _corral_v1_JoinRequest__Output } from '../../corral/v1/JoinRequest';
import type { JoinResponse as _corral_v1_JoinResponse, JoinResponse__Output as _corral_v1_JoinResponse__Output } from '../../corral/v1/JoinResponse';
import type { JoinToken as _corral_v1_JoinToken, JoinToken__Output as _corral_v1_JoinToken__Output } from '../../corral/v1/JoinToken';
import type { ListMembersRequest as _corral_v1_ListMembersRequest, ListMembersRequest__Output as _corral_v1_ListMembersRequest__Output } from '../../corral/v1/ListMembersRequest';
import type { ListMembersResponse as _corral_v1_ListMembersResponse, ListMembersResponse__Output as _corral_v1_ListMembersResponse__Output } from '../../corral/v1/ListMembersResponse';
import type { Placement as _corral_v1_Placement, Placement__Output as _corral_v1_Placement__Output } from '../../corral/v1/Placement';
import type { RemoveMemberRequest as _corral_v1_RemoveMemberRequest, RemoveMemberRequest__Output as _corral_v1_RemoveMemberRequest__Output } from '../../corral/v1/RemoveMemberRequest';
import type { RemoveMemberResponse as _corral_v1_RemoveMemberResponse, RemoveMemberResponse__Output as _corral_v1_RemoveMemberResponse__Output } from '../../corral/v1/RemoveMemberResponse';
import type { SetMemberGroupsRequest as _corral_v1_SetMemberGroupsRequest, SetMemberGroupsRequest__Output as _corral_v1_SetMemberGroupsRequest__Output } from '../../corral/v1/SetMemberGroupsRequest';

export interface ClusterClient extends grpc.Client {
  CreateJoinToken(argument: _corral_v1_CreateJoinTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_JoinToken__Output>): grpc.ClientUnaryCall;
  CreateJoinToken(argument: _corral_v1_CreateJoinTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_JoinToken__Output>): grpc.ClientUnaryCall;
  CreateJoinToken(argument: _corral_v1_CreateJoinTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_JoinToken__Output>): grpc.ClientUnaryCall;
  CreateJoinToken(argument: _corral_v1_CreateJoinTokenRequest, callback: grpc.requestCallback<_corral_v1_JoinToken__Output>): grpc.ClientUnaryCall;
  createJoinToken(argument: _corral_v1_CreateJoinTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_JoinToken__Output>): grpc.ClientUnaryCall;
  createJoinToken(argument: _corral_v1_CreateJoinTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_JoinToken__Output>): grpc.ClientUnaryCall;
  createJoinToken(argument: _corral_v1_CreateJoinTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_JoinToken__Output>): grpc.ClientUnaryCall;
  createJoinToken(argument: _corral_v1_CreateJoinTokenRequest, callback: grpc.requestCallback<_corral_v1_JoinToken__Output>): grpc.ClientUnaryCall;
  
  EnableCluster(argument: _corral_v1_EnableClusterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ClusterMember__Output>): grpc.ClientUnaryCall;
  EnableCluster(argument: _corral_v1_EnableClusterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_ClusterMember__Output>): grpc.ClientUnaryCall;
  EnableCluster(argument: _corral_v1_EnableClusterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ClusterMember__Output>): grpc.ClientUnaryCall;
  EnableCluster(argument: _corral_v1_EnableClusterRequest, callback: grpc.requestCallback<_corral_v1_ClusterMember__Output>): grpc.ClientUnaryCall;
  enableCluster(argument: _corral_v1_EnableClusterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ClusterMember__Output>): grpc.ClientUnaryCall;
  enableCluster(argument: _corral_v1_EnableClusterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_ClusterMember__Output>): grpc.ClientUnaryCall;
  enableCluster(argument: _corral_v1_EnableClusterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ClusterMember__Output>): grpc.ClientUnaryCall;
  enableCluster(argument: _corral_v1_EnableClusterRequest, callback: grpc.requestCallback<_corral_v1_ClusterMember__Output>): grpc.ClientUnaryCall;
  
  GetMember(argument: _corral_v1_GetMemberRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ClusterMember__Output>): grpc.ClientUnaryCall;
  GetMember(argument: _corral_v1_GetMemberRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_ClusterMember__Output>): grpc.ClientUnaryCall;
  GetMember(argument: _corral_v1_GetMemberRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ClusterMember__Output>): grpc.ClientUnaryCall;
  GetMember(argument: _corral_v1_GetMemberRequest, callback: grpc.requestCallback<_corral_v1_ClusterMember__Output>): grpc.ClientUnaryCall;
  getMember(argument: _corral_v1_GetMemberRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ClusterMember__Output>): grpc.ClientUnaryCall;
  getMember(argument: _corral_v1_GetMemberRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_ClusterMember__Output>): grpc.ClientUnaryCall;
  getMember(argument: _corral_v1_GetMemberRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ClusterMember__Output>): grpc.ClientUnaryCall;
  getMember(argument: _corral_v1_GetMemberRequest, callback: grpc.requestCallback<_corral_v1_ClusterMember__Output>): grpc.ClientUnaryCall;
  
  Join(argument: _corral_v1_JoinRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_JoinResponse__Output>): grpc.ClientUnaryCall;
  Join(argument: _corral_v1_JoinRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_JoinResponse__Output>): grpc.ClientUnaryCall;
  Join(argument: _corral_v1_JoinRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_JoinResponse__Output>): grpc.ClientUnaryCall;
  Join(argument: _corral_v1_JoinRequest, callback: grpc.requestCallback<_corral_v1_JoinResponse__Output>): grpc.ClientUnaryCall;
  join(argument: _corral_v1_JoinRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_JoinResponse__Output>): grpc.ClientUnaryCall;
  join(argument: _corral_v1_JoinRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_JoinResponse__Output>): grpc.ClientUnaryCall;
  join(argument: _corral_v1_JoinRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_JoinResponse__Output>): grpc.ClientUnaryCall;
  join(argument: _corral_v1_JoinRequest, callback: grpc.requestCallback<_corral_v1_JoinResponse__Output>): grpc.ClientUnaryCall;
  
  ListMembers(argument: _corral_v1_ListMembersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListMembersResponse__Output>): grpc.ClientUnaryCall;
  ListMembers(argument: _corral_v1_ListMembersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_ListMembersResponse__Output>): grpc.ClientUnaryCall;
  ListMembers(argument: _corral_v1_ListMembersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListMembersResponse__Output>): grpc.ClientUnaryCall;
  ListMembers(argument: _corral_v1_ListMembersRequest, callback: grpc.requestCallback<_corral_v1_ListMembersResponse__Output>): grpc.ClientUnaryCall;
  listMembers(argument: _corral_v1_ListMembersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListMembersResponse__Output>): grpc.ClientUnaryCall;
  listMembers(argument: _corral_v1_ListMembersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_ListMembersResponse__Output>): grpc.ClientUnaryCall;
  listMembers(argument: _corral_v1_ListMembersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListMembersResponse__Output>): grpc.ClientUnaryCall;
  listMembers(argument: _corral_v1_ListMembersRequest, callback: grpc.requestCallback<_corral_v1_ListMembersResponse__Output>): grpc.ClientUnaryCall;
  
  PlaceInstance(argument: _corral_v1_CreateInstanceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Placement__Output>): grpc.ClientUnaryCall;
  PlaceInstance(argument: _corral_v1_CreateInstanceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Placement__Output>): grpc.ClientUnaryCall;
  PlaceInstance(argument: _corral_v1_CreateInstanceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Placement__Output>): grpc.ClientUnaryCall;
  PlaceInstance(argument: _corral_v1_CreateInstanceRequest, callback: grpc.requestCallback<_corral_v1_Placement__Output>): grpc.ClientUnaryCall;
  placeInstance(argument: _corral_v1_CreateInstanceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Placement__Output>): grpc.ClientUnaryCall;
  placeInstance(argument: _corral_v1_CreateInstanceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Placement__Output>): grpc.ClientUnaryCall;
  placeInstance(argument: _corral_v1_CreateInstanceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Placement__Output>): grpc.ClientUnaryCall;
  placeInstance(argument: _corral_v1_CreateInstanceRequest, callback: grpc.requestCallback<_corral_v1_Placement__Output>): grpc.ClientUnaryCall;
  
  RemoveMember(argument: _corral_v1_RemoveMemberRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_RemoveMemberResponse__Output>): grpc.ClientUnaryCall;
  RemoveMember(argument: _corral_v1_RemoveMemberRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_RemoveMemberResponse__Output>): grpc.ClientUnaryCall;
  RemoveMember(argument: _corral_v1_RemoveMemberRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_RemoveMemberResponse__Output>): grpc.ClientUnaryCall;
  RemoveMember(argument: _corral_v1_RemoveMemberRequest, callback: grpc.requestCallback<_corral_v1_RemoveMemberResponse__Output>): grpc.ClientUnaryCall;
  removeMember(argument: _corral_v1_RemoveMemberRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_RemoveMemberResponse__Output>): grpc.ClientUnaryCall;
  removeMember(argument: _corral_v1_RemoveMemberRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_RemoveMemberResponse__Output>): grpc.ClientUnaryCall;
  removeMember(argument: _corral_v1_RemoveMemberRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_RemoveMemberResponse__Output>): grpc.ClientUnaryCall;
  removeMember(argument: _corral_v1_RemoveMemberRequest, callback: grpc.requestCallback<_corral_v1_RemoveMemberResponse__Output>): grpc.ClientUnaryCall;
  
  SetMemberGroups(argument: _corral_v1_SetMemberGroupsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ClusterMember__Output>): grpc.ClientUnaryCall;
  SetMemberGroups(argument: _corral_v1_SetMemberGroupsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_ClusterMember__Output>): grpc.ClientUnaryCall;
  SetMemberGroups(argument: _corral_v1_SetMemberGroupsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ClusterMember__Output>): grpc.ClientUnaryCall;
  SetMemberGroups(argument: _corral_v1_SetMemberGroupsRequest, callback: grpc.requestCallback<_corral_v1_ClusterMember__Output>): grpc.ClientUnaryCall;
  setMemberGroups(argument: _corral_v1_SetMemberGroupsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ClusterMember__Output>): grpc.ClientUnaryCall;
  setMemberGroups(argument: _corral_v1_SetMemberGroupsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_ClusterMember__Output>): grpc.ClientUnaryCall;
  setMemberGroups(argument: _corral_v1_SetMemberGroupsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ClusterMember__Output>): grpc.ClientUnaryCall;
  setMemberGroups(argument: _corral_v1_SetMemberGroupsRequest, callback: grpc.requestCallback<_corral_v1_ClusterMember__Output>): grpc.ClientUnaryCall;
  
}

export interface ClusterHandlers extends grpc.UntypedServiceImplementation {
  CreateJoinToken: grpc.handleUnaryCall<_corral_v1_CreateJoinTokenRequest__Output, _corral_v1_JoinToken>;
  
  EnableCluster: grpc.handleUnaryCall<_corral_v1_EnableClusterRequest__Output, _corral_v1_ClusterMember>;
  
  GetMember: grpc.handleUnaryCall<_corral_v1_GetMemberRequest__Output, _corral_v1_ClusterMember>;
  
  Join: grpc.handleUnaryCall<_corral_v1_JoinRequest__Output, _corral_v1_JoinResponse>;
  
  ListMembers: grpc.handleUnaryCall<_corral_v1_ListMembersRequest__Output, _corral_v1_ListMembersResponse>;
  
  PlaceInstance: grpc.handleUnaryCall<_corral_v1_CreateInstanceRequest__Output, _corral_v1_Placement>;
  
  RemoveMember: grpc.handleUnaryCall<_corral_v1_RemoveMemberRequest__Output, _corral_v1_RemoveMemberResponse>;
  
  SetMemberGroups: grpc.handleUnaryCall<_corral_v1_SetMemberGroupsRequest__Output, _corral_v1_ClusterMember>;
  
}

export interface ClusterDefinition extends grpc.ServiceDefinition {
  CreateJoinToken: MethodDefinition<_corral_v1_CreateJoinTokenRequest, _corral_v1_JoinToken, _corral_v1_CreateJoinTokenRequest__Output, _corral_v1_JoinToken__Output>
  EnableCluster: MethodDefinition<_corral_v1_EnableClusterRequest, _corral_v1_ClusterMember, _corral_v1_EnableClusterRequest__Output, _corral_v1_ClusterMember__Output>
  GetMember: MethodDefinition<_corral_v1_GetMemberRequest, _corral_v1_ClusterMember, _corral_v1_GetMemberRequest__Output, _corral_v1_ClusterMember__Output>
  Join: MethodDefinition<_corral_v1_JoinRequest, _corral_v1_JoinResponse, _corral_v1_JoinRequest__Output, _corral_v1_JoinResponse__Output>
  ListMembers: MethodDefinition<_corral_v1_ListMembersRequest, _corral_v1_ListMembersResponse, _corral_v1_ListMembersRequest__Output, _corral_v1_ListMembersResponse__Output>
  PlaceInstance: MethodDefinition<_corral_v1_CreateInstanceRequest, _corral_v1_Placement, _corral_v1_CreateInstanceRequest__Output, _corral_v1_Placement__Output>
  RemoveMember: MethodDefinition<_corral_v1_RemoveMemberRequest, _corral_v1_RemoveMemberResponse, _corral_v1_RemoveMemberRequest__Output, _corral_v1_RemoveMemberResponse__Output>
  SetMemberGroups: MethodDefinition<_corral_v1_SetMemberGroupsRequest, _corral_v1_ClusterMember, _corral_v1_SetMemberGroupsRequest__Output, _corral_v1_ClusterMember__Output>
}
