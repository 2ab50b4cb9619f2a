// Original file: corral/v1/cluster.proto

import type { ClusterMember as _corral_v1_ClusterMember, ClusterMember__Output as _corral_v1_ClusterMember__Output } from '../../corral/v1/ClusterMember';

export interface ListMembersResponse {
  'members'?: (_corral_v1_ClusterMember)[];
}

export interface ListMembersResponse__Output {
  'members': (_corral_v1_ClusterMember__Output)[];
}
