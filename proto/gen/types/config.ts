import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { GetServerConfigRequest as _corral_v1_GetServerConfigRequest, GetServerConfigRequest__Output as _corral_v1_GetServerConfigRequest__Output } from './corral/v1/GetServerConfigRequest';
import type { ServerConfigClient as _corral_v1_ServerConfigClient, ServerConfigDefinition as _corral_v1_ServerConfigDefinition } from './corral/v1/ServerConfig';
import type { ServerConfigValues as _corral_v1_ServerConfigValues, ServerConfigValues__Output as _corral_v1_ServerConfigValues__Output } from './corral/v1/ServerConfigValues';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  corral: {
    v1: {
      GetServerConfigRequest: MessageTypeDefinition<_corral_v1_GetServerConfigRequest, _corral_v1_GetServerConfigRequest__Output>
      ServerConfig: SubtypeConstructor<typeof grpc.Client, _corral_v1_ServerConfigClient> & { service: _corral_v1_ServerConfigDefinition }
      ServerConfigValues: MessageTypeDefinition<_corral_v1_ServerConfigValues, _corral_v1_ServerConfigValues__Output>
    }
  }
}

