// Original file: corral/v1/cluster.proto

import type { Long } from '@grpc/proto-loader';

export interface JoinRequest {
  'token'?: (string);
  'address'?: (string);
  'architecture'?: (string);
  'cpus'?: (number);
  'memory_bytes'?: (number | string | Long);
  'api_address'?: (string);
  'instance_count'?: (number);
}

export interface JoinRequest__Output {
  'token': (string);
  'address': (string);
  'architecture': (string);
  'cpus': (number);
  'memory_bytes': (number);
  'api_address': (string);
  'instance_count': (number);
}
