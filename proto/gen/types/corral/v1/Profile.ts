// Original file: corral/v1/profiles.proto

import type { Device as _corral_v1_Device, Device__Output as _corral_v1_Device__Output } from '../../corral/v1/Device';

export interface Profile {
  'name'?: (string);
  'description'?: (string);
  'config'?: ({[key: string]: string});
  'devices'?: ({[key: string]: _corral_v1_Device});
  'used_by'?: (string)[];
}

export interface Profile__Output {
  'name': (string);
  'description': (string);
  'config': ({[key: string]: string});
  'devices': ({[key: string]: _corral_v1_Device__Output});
  'used_by': (string)[];
}
