// Original file: corral/v1/instances.proto

import type { Device as _corral_v1_Device, Device__Output as _corral_v1_Device__Output } from '../../corral/v1/Device';

export interface UpdateInstanceRequest {
  'name'?: (string);
  'config'?: ({[key: string]: string});
  'devices'?: ({[key: string]: _corral_v1_Device});
  'profiles'?: (string)[];
  'description'?: (string);
  'profiles_set'?: (boolean);
}

export interface UpdateInstanceRequest__Output {
  'name': (string);
  'config': ({[key: string]: string});
  'devices': ({[key: string]: _corral_v1_Device__Output});
  'profiles': (string)[];
  'description': (string);
  'profiles_set': (boolean);
}
