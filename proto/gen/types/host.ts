import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { Capability as _corral_v1_Capability, Capability__Output as _corral_v1_Capability__Output } from './corral/v1/Capability';
import type { ConfigKeyRule as _corral_v1_ConfigKeyRule, ConfigKeyRule__Output as _corral_v1_ConfigKeyRule__Output } from './corral/v1/ConfigKeyRule';
import type { GetInfoRequest as _corral_v1_GetInfoRequest, GetInfoRequest__Output as _corral_v1_GetInfoRequest__Output } from './corral/v1/GetInfoRequest';
import type { HostClient as _corral_v1_HostClient, HostDefinition as _corral_v1_HostDefinition } from './corral/v1/Host';
import type { HostInfo as _corral_v1_HostInfo, HostInfo__Output as _corral_v1_HostInfo__Output } from './corral/v1/HostInfo';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  corral: {
    v1: {
      Capability: MessageTypeDefinition<_corral_v1_Capability, _corral_v1_Capability__Output>
      ConfigKeyRule: MessageTypeDefinition<_corral_v1_ConfigKeyRule, _corral_v1_ConfigKeyRule__Output>
      GetInfoRequest: MessageTypeDefinition<_corral_v1_GetInfoRequest, _corral_v1_GetInfoRequest__Output>
      Host: SubtypeConstructor<typeof grpc.Client, _corral_v1_HostClient> & { service: _corral_v1_HostDefinition }
      HostInfo: MessageTypeDefinition<_corral_v1_HostInfo, _corral_v1_HostInfo__Output>
    }
  }
}

