// Original file: corral/v1/cluster.proto

import type { Long } from '@grpc/proto-loader';

export interface ClusterMember {
  'name'?: (string);
  'address'?: (string);
  'roles'?: (string)[];
  'architecture'?: (string);
  'cpus'?: (number);
  'memory_bytes'?: (number | string | Long);
  'status'?: (string);
  'api_address'?: (string);
  'certificate_fingerprint'?: (string);
  'joined_at'?: (string);
  'server_fingerprint'?: (string);
  'groups'?: (string)[];
}

export interface ClusterMember__Output {
  'name': (string);
  'address': (string);
  'roles': (string)[];
  'architecture': (string);
  'cpus': (number);
  'memory_bytes': (number);
  'status': (string);
  'api_address': (string);
  'certificate_fingerprint': (string);
  'joined_at': (string);
  'server_fingerprint': (string);
  'groups': (string)[];
}
