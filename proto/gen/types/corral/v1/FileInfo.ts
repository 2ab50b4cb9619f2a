// Original file: corral/v1/instances.proto

import type { Long } from '@grpc/proto-loader';

export interface FileInfo {
  'path'?: (string);
  'size'?: (number | string | Long);
  'mode'?: (number);
  'uid'?: (number);
  'gid'?: (number);
}

export interface FileInfo__Output {
  'path': (string);
  'size': (number);
  'mode': (number);
  'uid': (number);
  'gid': (number);
}
