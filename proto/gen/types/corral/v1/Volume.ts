// Original file: corral/v1/storage.proto

import type { Long } from '@grpc/proto-loader';

export interface Volume {
  'pool'?: (string);
  'name'?: (string);
  'type'?: (string);
  'content_type'?: (string);
  'config'?: ({[key: string]: string});
  'used_bytes'?: (number | string | Long);
  'location'?: (string);
  'used_by'?: (string)[];
}

export interface Volume__Output {
  'pool': (string);
  'name': (string);
  'type': (string);
  'content_type': (string);
  'config': ({[key: string]: string});
  'used_bytes': (number);
  'location': (string);
  'used_by': (string)[];
}
