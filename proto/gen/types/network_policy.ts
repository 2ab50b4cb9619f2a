import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { DeleteNetworkACLResponse as _corral_v1_DeleteNetworkACLResponse, DeleteNetworkACLResponse__Output as _corral_v1_DeleteNetworkACLResponse__Output } from './corral/v1/DeleteNetworkACLResponse';
import type { DeleteNetworkForwardResponse as _corral_v1_DeleteNetworkForwardResponse, DeleteNetworkForwardResponse__Output as _corral_v1_DeleteNetworkForwardResponse__Output } from './corral/v1/DeleteNetworkForwardResponse';
import type { ListNetworkACLsRequest as _corral_v1_ListNetworkACLsRequest, ListNetworkACLsRequest__Output as _corral_v1_ListNetworkACLsRequest__Output } from './corral/v1/ListNetworkACLsRequest';
import type { ListNetworkACLsResponse as _corral_v1_ListNetworkACLsResponse, ListNetworkACLsResponse__Output as _corral_v1_ListNetworkACLsResponse__Output } from './corral/v1/ListNetworkACLsResponse';
import type { ListNetworkForwardsRequest as _corral_v1_ListNetworkForwardsRequest, ListNetworkForwardsRequest__Output as _corral_v1_ListNetworkForwardsRequest__Output } from './corral/v1/ListNetworkForwardsRequest';
import type { ListNetworkForwardsResponse as _corral_v1_ListNetworkForwardsResponse, ListNetworkForwardsResponse__Output as _corral_v1_ListNetworkForwardsResponse__Output } from './corral/v1/ListNetworkForwardsResponse';
import type { NetworkACL as _corral_v1_NetworkACL, NetworkACL__Output as _corral_v1_NetworkACL__Output } from './corral/v1/NetworkACL';
import type { NetworkACLRef as _corral_v1_NetworkACLRef, NetworkACLRef__Output as _corral_v1_NetworkACLRef__Output } from './corral/v1/NetworkACLRef';
import type { NetworkACLRule as _corral_v1_NetworkACLRule, NetworkACLRule__Output as _corral_v1_NetworkACLRule__Output } from './corral/v1/NetworkACLRule';
import type { NetworkACLsClient as _corral_v1_NetworkACLsClient, NetworkACLsDefinition as _corral_v1_NetworkACLsDefinition } from './corral/v1/NetworkACLs';
import type { NetworkForward as _corral_v1_NetworkForward, NetworkForward__Output as _corral_v1_NetworkForward__Output } from './corral/v1/NetworkForward';
import type { NetworkForwardPort as _corral_v1_NetworkForwardPort, NetworkForwardPort__Output as _corral_v1_NetworkForwardPort__Output } from './corral/v1/NetworkForwardPort';
import type { NetworkForwardRef as _corral_v1_NetworkForwardRef, NetworkForwardRef__Output as _corral_v1_NetworkForwardRef__Output } from './corral/v1/NetworkForwardRef';
import type { NetworkForwardsClient as _corral_v1_NetworkForwardsClient, NetworkForwardsDefinition as _corral_v1_NetworkForwardsDefinition } from './corral/v1/NetworkForwards';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  corral: {
    v1: {
      DeleteNetworkACLResponse: MessageTypeDefinition<_corral_v1_DeleteNetworkACLResponse, _corral_v1_DeleteNetworkACLResponse__Output>
      DeleteNetworkForwardResponse: MessageTypeDefinition<_corral_v1_DeleteNetworkForwardResponse, _corral_v1_DeleteNetworkForwardResponse__Output>
      ListNetworkACLsRequest: MessageTypeDefinition<_corral_v1_ListNetworkACLsRequest, _corral_v1_ListNetworkACLsRequest__Output>
      ListNetworkACLsResponse: MessageTypeDefinition<_corral_v1_ListNetworkACLsResponse, _corral_v1_ListNetworkACLsResponse__Output>
      ListNetworkForwardsRequest: MessageTypeDefinition<_corral_v1_ListNetworkForwardsRequest, _corral_v1_ListNetworkForwardsRequest__Output>
      ListNetworkForwardsResponse: MessageTypeDefinition<_corral_v1_ListNetworkForwardsResponse, _corral_v1_ListNetworkForwardsResponse__Output>
      NetworkACL: MessageTypeDefinition<_corral_v1_NetworkACL, _corral_v1_NetworkACL__Output>
      NetworkACLRef: MessageTypeDefinition<_corral_v1_NetworkACLRef, _corral_v1_NetworkACLRef__Output>
      NetworkACLRule: MessageTypeDefinition<_corral_v1_NetworkACLRule, _corral_v1_NetworkACLRule__Output>
      NetworkACLs: SubtypeConstructor<typeof grpc.Client, _corral_v1_NetworkACLsClient> & { service: _corral_v1_NetworkACLsDefinition }
      NetworkForward: MessageTypeDefinition<_corral_v1_NetworkForward, _corral_v1_NetworkForward__Output>
      NetworkForwardPort: MessageTypeDefinition<_corral_v1_NetworkForwardPort, _corral_v1_NetworkForwardPort__Output>
      NetworkForwardRef: MessageTypeDefinition<_corral_v1_NetworkForwardRef, _corral_v1_NetworkForwardRef__Output>
      NetworkForwards: SubtypeConstructor<typeof grpc.Client, _corral_v1_NetworkForwardsClient> & { service: _corral_v1_NetworkForwardsDefinition }
    }
  }
}

