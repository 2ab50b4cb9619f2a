// Original file: corral/v1/instances.proto

import type { Device as _corral_v1_Device, Device__Output as _corral_v1_Device__Output } from '../../corral/v1/Device';
import type { InstanceState as _corral_v1_InstanceState, InstanceState__Output as _corral_v1_InstanceState__Output } from '../../corral/v1/InstanceState';

export interface Instance {
  'name'?: (string);
  'type'?: (string);
  'status'?: (string);
  'image'?: (string);
  'profiles'?: (string)[];
  'config'?: ({[key: string]: string});
  'devices'?: ({[key: string]: _corral_v1_Device});
  'expanded_config'?: ({[key: string]: string});
  'expanded_devices'?: ({[key: string]: _corral_v1_Device});
  'ephemeral'?: (boolean);
  'location'?: (string);
  'created_at'?: (string);
  'state'?: (_corral_v1_InstanceState | null);
  'description'?: (string);
}

export interface Instance__Output {
  'name': (string);
  'type': (string);
  'status': (string);
  'image': (string);
  'profiles': (string)[];
  'config': ({[key: string]: string});
  'devices': ({[key: string]: _corral_v1_Device__Output});
  'expanded_config': ({[key: string]: string});
  'expanded_devices': ({[key: string]: _corral_v1_Device__Output});
  'ephemeral': (boolean);
  'location': (string);
  'created_at': (string);
  'state': (_corral_v1_InstanceState__Output | null);
  'description': (string);
}
