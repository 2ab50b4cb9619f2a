// Original file: corral/v1/host.proto

import type { Capability as _corral_v1_Capability, Capability__Output as _corral_v1_Capability__Output } from '../../corral/v1/Capability';
import type { ConfigKeyRule as _corral_v1_ConfigKeyRule, ConfigKeyRule__Output as _corral_v1_ConfigKeyRule__Output } from '../../corral/v1/ConfigKeyRule';
import type { Long } from '@grpc/proto-loader';

export interface HostInfo {
  'hostname'?: (string);
  'version'?: (string);
  'kernel'?: (string);
  'architecture'?: (string);
  'capabilities'?: (_corral_v1_Capability)[];
  'cpus'?: (number);
  'memory_total_bytes'?: (number | string | Long);
  'memory_available_bytes'?: (number | string | Long);
  'cgroup_layout'?: (string);
  'idmap'?: (string);
  'data_dir'?: (string);
  'member'?: (string);
  'certificate_fingerprint'?: (string);
  'storage_drivers'?: (string)[];
  'network_types'?: (string)[];
  'instance_types'?: (string)[];
  'config_keys'?: (_corral_v1_ConfigKeyRule)[];
}

export interface HostInfo__Output {
  'hostname': (string);
  'version': (string);
  'kernel': (string);
  'architecture': (string);
  'capabilities': (_corral_v1_Capability__Output)[];
  'cpus': (number);
  'memory_total_bytes': (number);
  'memory_available_bytes': (number);
  'cgroup_layout': (string);
  'idmap': (string);
  'data_dir': (string);
  'member': (string);
  'certificate_fingerprint': (string);
  'storage_drivers': (string)[];
  'network_types': (string)[];
  'instance_types': (string)[];
  'config_keys': (_corral_v1_ConfigKeyRule__Output)[];
}
