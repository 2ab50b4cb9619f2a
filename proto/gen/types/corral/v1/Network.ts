// Original file: corral/v1/networks.proto

import type { NetworkLease as _corral_v1_NetworkLease, NetworkLease__Output as _corral_v1_NetworkLease__Output } from '../../corral/v1/NetworkLease';

export interface Network {
  'name'?: (string);
  'type'?: (string);
  'config'?: ({[key: string]: string});
  'status'?: (string);
  'description'?: (string);
  'used_by'?: (string)[];
  'leases'?: (_corral_v1_NetworkLease)[];
}

export interface Network__Output {
  'name': (string);
  'type': (string);
  'config': ({[key: string]: string});
  'status': (string);
  'description': (string);
  'used_by': (string)[];
  'leases': (_corral_v1_NetworkLease__Output)[];
}
