// Original file: corral/v1/trust.proto

import type { TrustedClient as _corral_v1_TrustedClient, TrustedClient__Output as _corral_v1_TrustedClient__Output } from '../../corral/v1/TrustedClient';

export interface ListTrustedResponse {
  'clients'?: (_corral_v1_TrustedClient)[];
}

export interface ListTrustedResponse__Output {
  'clients': (_corral_v1_TrustedClient__Output)[];
}
