// Original file: corral/v1/cluster.proto

import type { ClusterMember as _corral_v1_ClusterMember, ClusterMember__Output as _corral_v1_ClusterMember__Output } from '../../corral/v1/ClusterMember';

export interface JoinResponse {
  'member'?: (_corral_v1_ClusterMember | null);
  'ca_certificate'?: (string);
  'certificate'?: (string);
  'key'?: (string);
  'etcd_endpoints'?: (string)[];
  'ca_key'?: (string);
}

export interface JoinResponse__Output {
  'member': (_corral_v1_ClusterMember__Output | null);
  'ca_certificate': (string);
  'certificate': (string);
  'key': (string);
  'etcd_endpoints': (string)[];
  'ca_key': (string);
}
