// Original file: corral/v1/remotes.proto

import type { Remote as _corral_v1_Remote, Remote__Output as _corral_v1_Remote__Output } from '../../corral/v1/Remote';

export interface ListRemotesResponse {
  'remotes'?: (_corral_v1_Remote)[];
}

export interface ListRemotesResponse__Output {
  'remotes': (_corral_v1_Remote__Output)[];
}
