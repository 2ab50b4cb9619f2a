// Original file: corral/v1/images.proto

import type { Long } from '@grpc/proto-loader';

export interface Image {
  'fingerprint'?: (string);
  'type'?: (string);
  'architecture'?: (string);
  'size_bytes'?: (number | string | Long);
  'created_at'?: (string);
  'uploaded_at'?: (string);
  'aliases'?: (string)[];
  'properties'?: ({[key: string]: string});
  'filename'?: (string);
  'public'?: (boolean);
  'source_remote'?: (string);
  'source_alias'?: (string);
  'cached'?: (boolean);
  'source_instance'?: (string);
  'locations'?: (string)[];
}

export interface Image__Output {
  'fingerprint': (string);
  'type': (string);
  'architecture': (string);
  'size_bytes': (number);
  'created_at': (string);
  'uploaded_at': (string);
  'aliases': (string)[];
  'properties': ({[key: string]: string});
  'filename': (string);
  'public': (boolean);
  'source_remote': (string);
  'source_alias': (string);
  'cached': (boolean);
  'source_instance': (string);
  'locations': (string)[];
}
