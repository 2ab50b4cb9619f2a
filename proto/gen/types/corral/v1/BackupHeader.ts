// Original file: corral/v1/instances.proto

import type { Long } from '@grpc/proto-loader';

export interface BackupHeader {
  'name'?: (string);
  'pool'?: (string);
  'total_bytes'?: (number | string | Long);
}

export interface BackupHeader__Output {
  'name': (string);
  'pool': (string);
  'total_bytes': (number);
}
