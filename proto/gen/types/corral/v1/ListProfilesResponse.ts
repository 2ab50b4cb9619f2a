// Original file: corral/v1/profiles.proto

import type { Profile as _corral_v1_Profile, Profile__Output as _corral_v1_Profile__Output } from '../../corral/v1/Profile';

export interface ListProfilesResponse {
  'profiles'?: (_corral_v1_Profile)[];
}

export interface ListProfilesResponse__Output {
  'profiles': (_corral_v1_Profile__Output)[];
}
