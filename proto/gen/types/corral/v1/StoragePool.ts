// Original file: corral/v1/storage.proto

import type { Long } from '@grpc/proto-loader';

export interface StoragePool {
  'name'?: (string);
  'driver'?: (string);
  'config'?: ({[key: string]: string});
  'status'?: (string);
  'used_bytes'?: (number | string | Long);
  'total_bytes'?: (number | string | Long);
  'description'?: (string);
  'used_by'?: (string)[];
}

export interface StoragePool__Output {
  'name': (string);
  'driver': (string);
  'config': ({[key: string]: string});
  'status': (string);
  'used_bytes': (number);
  'total_bytes': (number);
  'description': (string);
  'used_by': (string)[];
}
