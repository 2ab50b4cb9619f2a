import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { ClusterClient as _corral_v1_ClusterClient, ClusterDefinition as _corral_v1_ClusterDefinition } from './corral/v1/Cluster';
import type { ClusterMember as _corral_v1_ClusterMember, ClusterMember__Output as _corral_v1_ClusterMember__Output } from './corral/v1/ClusterMember';
import type { CreateJoinTokenRequest as _corral_v1_CreateJoinTokenRequest, CreateJoinTokenRequest__Output as _corral_v1_CreateJoinTokenRequest__Output } from './corral/v1/CreateJoinTokenRequest';
import type { EnableClusterRequest as _corral_v1_EnableClusterRequest, EnableClusterRequest__Output as _corral_v1_EnableClusterRequest__Output } from './corral/v1/EnableClusterRequest';
import type { GetMemberRequest as _corral_v1_GetMemberRequest, GetMemberRequest__Output as _corral_v1_GetMemberRequest__Output } from './corral/v1/GetMemberRequest';
import type { JoinRequest as _corral_v1_JoinRequest, JoinRequest__Output as _corral_v1_JoinRequest__Output } from './corral/v1/JoinRequest';
import type { JoinResponse as _corral_v1_JoinResponse, JoinResponse__Output as _corral_v1_JoinResponse__Output } from './corral/v1/JoinResponse';
import type { JoinToken as _corral_v1_JoinToken, JoinToken__Output as _corral_v1_JoinToken__Output } from './corral/v1/JoinToken';
import type { ListMembersRequest as _corral_v1_ListMembersRequest, ListMembersRequest__Output as _corral_v1_ListMembersRequest__Output } from './corral/v1/ListMembersRequest';
import type { ListMembersResponse as _corral_v1_ListMembersResponse, ListMembersResponse__Output as _corral_v1_ListMembersResponse__Output } from './corral/v1/ListMembersResponse';
import type { RemoveMemberRequest as _corral_v1_RemoveMemberRequest, RemoveMemberRequest__Output as _corral_v1_RemoveMemberRequest__Output } from './corral/v1/RemoveMemberRequest';
import type { RemoveMemberResponse as _corral_v1_RemoveMemberResponse, RemoveMemberResponse__Output as _corral_v1_RemoveMemberResponse__Output } from './corral/v1/RemoveMemberResponse';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  corral: {
    v1: {
      Cluster: SubtypeConstructor<typeof grpc.Client, _corral_v1_ClusterClient> & { service: _corral_v1_ClusterDefinition }
      ClusterMember: MessageTypeDefinition<_corral_v1_ClusterMember, _corral_v1_ClusterMember__Output>
      CreateJoinTokenRequest: MessageTypeDefinition<_corral_v1_CreateJoinTokenRequest, _corral_v1_CreateJoinTokenRequest__Output>
      EnableClusterRequest: MessageTypeDefinition<_corral_v1_EnableClusterRequest, _corral_v1_EnableClusterRequest__Output>
      GetMemberRequest: MessageTypeDefinition<_corral_v1_GetMemberRequest, _corral_v1_GetMemberRequest__Output>
      JoinRequest: MessageTypeDefinition<_corral_v1_JoinRequest, _corral_v1_JoinRequest__Output>
      JoinResponse: MessageTypeDefinition<_corral_v1_JoinResponse, _corral_v1_JoinResponse__Output>
      JoinToken: MessageTypeDefinition<_corral_v1_JoinToken, _corral_v1_JoinToken__Output>
      ListMembersRequest: MessageTypeDefinition<_corral_v1_ListMembersRequest, _corral_v1_ListMembersRequest__Output>
      ListMembersResponse: MessageTypeDefinition<_corral_v1_ListMembersResponse, _corral_v1_ListMembersResponse__Output>
      RemoveMemberRequest: MessageTypeDefinition<_corral_v1_RemoveMemberRequest, _corral_v1_RemoveMemberRequest__Output>
      RemoveMemberResponse: MessageTypeDefinition<_corral_v1_RemoveMemberResponse, _corral_v1_RemoveMemberResponse__Output>
    }
  }
}

