import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { CreateNetworkRequest as _corral_v1_CreateNetworkRequest, CreateNetworkRequest__Output as _corral_v1_CreateNetworkRequest__Output } from './corral/v1/CreateNetworkRequest';
import type { DeleteNetworkRequest as _corral_v1_DeleteNetworkRequest, DeleteNetworkRequest__Output as _corral_v1_DeleteNetworkRequest__Output } from './corral/v1/DeleteNetworkRequest';
import type { DeleteNetworkResponse as _corral_v1_DeleteNetworkResponse, DeleteNetworkResponse__Output as _corral_v1_DeleteNetworkResponse__Output } from './corral/v1/DeleteNetworkResponse';
import type { GetNetworkRequest as _corral_v1_GetNetworkRequest, GetNetworkRequest__Output as _corral_v1_GetNetworkRequest__Output } from './corral/v1/GetNetworkRequest';
import type { ListNetworksRequest as _corral_v1_ListNetworksRequest, ListNetworksRequest__Output as _corral_v1_ListNetworksRequest__Output } from './corral/v1/ListNetworksRequest';
import type { ListNetworksResponse as _corral_v1_ListNetworksResponse, ListNetworksResponse__Output as _corral_v1_ListNetworksResponse__Output } from './corral/v1/ListNetworksResponse';
import type { Network as _corral_v1_Network, Network__Output as _corral_v1_Network__Output } from './corral/v1/Network';
import type { NetworkLease as _corral_v1_NetworkLease, NetworkLease__Output as _corral_v1_NetworkLease__Output } from './corral/v1/NetworkLease';
import type { NetworksClient as _corral_v1_NetworksClient, NetworksDefinition as _corral_v1_NetworksDefinition } from './corral/v1/Networks';
import type { UpdateNetworkRequest as _corral_v1_UpdateNetworkRequest, UpdateNetworkRequest__Output as _corral_v1_UpdateNetworkRequest__Output } from './corral/v1/UpdateNetworkRequest';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  corral: {
    v1: {
      CreateNetworkRequest: MessageTypeDefinition<_corral_v1_CreateNetworkRequest, _corral_v1_CreateNetworkRequest__Output>
      DeleteNetworkRequest: MessageTypeDefinition<_corral_v1_DeleteNetworkRequest, _corral_v1_DeleteNetworkRequest__Output>
      DeleteNetworkResponse: MessageTypeDefinition<_corral_v1_DeleteNetworkResponse, _corral_v1_DeleteNetworkResponse__Output>
      GetNetworkRequest: MessageTypeDefinition<_corral_v1_GetNetworkRequest, _corral_v1_GetNetworkRequest__Output>
      ListNetworksRequest: MessageTypeDefinition<_corral_v1_ListNetworksRequest, _corral_v1_ListNetworksRequest__Output>
      ListNetworksResponse: MessageTypeDefinition<_corral_v1_ListNetworksResponse, _corral_v1_ListNetworksResponse__Output>
      Network: MessageTypeDefinition<_corral_v1_Network, _corral_v1_Network__Output>
      NetworkLease: MessageTypeDefinition<_corral_v1_NetworkLease, _corral_v1_NetworkLease__Output>
      Networks: SubtypeConstructor<typeof grpc.Client, _corral_v1_NetworksClient> & { service: _corral_v1_NetworksDefinition }
      UpdateNetworkRequest: MessageTypeDefinition<_corral_v1_UpdateNetworkRequest, _corral_v1_UpdateNetworkRequest__Output>
    }
  }
}

