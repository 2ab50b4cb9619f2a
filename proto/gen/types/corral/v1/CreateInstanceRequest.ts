// Original file: corral/v1/instances.proto

import type { Device as _corral_v1_Device, Device__Output as _corral_v1_Device__Output } from '../../corral/v1/Device';

export interface CreateInstanceRequest {
  'name'?: (string);
  'type'?: (string);
  'image'?: (string);
  'profiles'?: (string)[];
  'profiles_set'?: (boolean);
  'config'?: ({[key: string]: string});
  'devices'?: ({[key: string]: _corral_v1_Device});
  'ephemeral'?: (boolean);
  'start'?: (boolean);
  'target'?: (string);
  'description'?: (string);
}

export interface CreateInstanceRequest__Output {
  'name': (string);
  'type': (string);
  'image': (string);
  'profiles': (string)[];
  'profiles_set': (boolean);
  'config': ({[key: string]: string});
  'devices': ({[key: string]: _corral_v1_Device__Output});
  'ephemeral': (boolean);
  'start': (boolean);
  'target': (string);
  'description': (string);
}
