// Original file: corral/v1/instances.proto

import type { Device as _corral_v1_Device, Device__Output as _corral_v1_Device__Output } from '../../corral/v1/Device';
import type { InstanceSource as _corral_v1_InstanceSource, InstanceSource__Output as _corral_v1_InstanceSource__Output } from '../../corral/v1/InstanceSource';

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
  'source'?: (_corral_v1_InstanceSource | null);
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
  'source': (_corral_v1_InstanceSource__Output | null);
}
