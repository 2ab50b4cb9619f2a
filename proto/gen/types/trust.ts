import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { CreateTrustTokenRequest as _corral_v1_CreateTrustTokenRequest, CreateTrustTokenRequest__Output as _corral_v1_CreateTrustTokenRequest__Output } from './corral/v1/CreateTrustTokenRequest';
import type { EnrollRequest as _corral_v1_EnrollRequest, EnrollRequest__Output as _corral_v1_EnrollRequest__Output } from './corral/v1/EnrollRequest';
import type { ListTrustedRequest as _corral_v1_ListTrustedRequest, ListTrustedRequest__Output as _corral_v1_ListTrustedRequest__Output } from './corral/v1/ListTrustedRequest';
import type { ListTrustedResponse as _corral_v1_ListTrustedResponse, ListTrustedResponse__Output as _corral_v1_ListTrustedResponse__Output } from './corral/v1/ListTrustedResponse';
import type { RemoveTrustedRequest as _corral_v1_RemoveTrustedRequest, RemoveTrustedRequest__Output as _corral_v1_RemoveTrustedRequest__Output } from './corral/v1/RemoveTrustedRequest';
import type { RemoveTrustedResponse as _corral_v1_RemoveTrustedResponse, RemoveTrustedResponse__Output as _corral_v1_RemoveTrustedResponse__Output } from './corral/v1/RemoveTrustedResponse';
import type { TrustClient as _corral_v1_TrustClient, TrustDefinition as _corral_v1_TrustDefinition } from './corral/v1/Trust';
import type { TrustToken as _corral_v1_TrustToken, TrustToken__Output as _corral_v1_TrustToken__Output } from './corral/v1/TrustToken';
import type { TrustedClient as _corral_v1_TrustedClient, TrustedClient__Output as _corral_v1_TrustedClient__Output } from './corral/v1/TrustedClient';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  corral: {
    v1: {
      CreateTrustTokenRequest: MessageTypeDefinition<_corral_v1_CreateTrustTokenRequest, _corral_v1_CreateTrustTokenRequest__Output>
      EnrollRequest: MessageTypeDefinition<_corral_v1_EnrollRequest, _corral_v1_EnrollRequest__Output>
      ListTrustedRequest: MessageTypeDefinition<_corral_v1_ListTrustedRequest, _corral_v1_ListTrustedRequest__Output>
      ListTrustedResponse: MessageTypeDefinition<_corral_v1_ListTrustedResponse, _corral_v1_ListTrustedResponse__Output>
      RemoveTrustedRequest: MessageTypeDefinition<_corral_v1_RemoveTrustedRequest, _corral_v1_RemoveTrustedRequest__Output>
      RemoveTrustedResponse: MessageTypeDefinition<_corral_v1_RemoveTrustedResponse, _corral_v1_RemoveTrustedResponse__Output>
      Trust: SubtypeConstructor<typeof grpc.Client, _corral_v1_TrustClient> & { service: _corral_v1_TrustDefinition }
      TrustToken: MessageTypeDefinition<_corral_v1_TrustToken, _corral_v1_TrustToken__Output>
      TrustedClient: MessageTypeDefinition<_corral_v1_TrustedClient, _corral_v1_TrustedClient__Output>
    }
  }
}

