// Original file: corral/v1/network_policy.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { DeleteNetworkForwardResponse as _corral_v1_DeleteNetworkForwardResponse, DeleteNetworkForwardResponse__Output as _corral_v1_DeleteNetworkForwardResponse__Output } from '../../corral/v1/DeleteNetworkForwardResponse';
import type { ListNetworkForwardsRequest as _corral_v1_ListNetworkForwardsRequest, ListNetworkForwardsRequest__Output as _corral_v1_ListNetworkForwardsRequest__Output } from '../../corral/v1/ListNetworkForwardsRequest';
import type { ListNetworkForwardsResponse as _corral_v1_ListNetworkForwardsResponse, ListNetworkForwardsResponse__Output as _corral_v1_ListNetworkForwardsResponse__Output } from '../../corral/v1/ListNetworkForwardsResponse';
import type { NetworkForward as _corral_v1_NetworkForward, NetworkForward__Output as _corral_v1_NetworkForward__Output } from '../../corral/v1/NetworkForward';
import type { NetworkForwardRef as _corral_v1_NetworkForwardRef, NetworkForwardRef__Output as _corral_v1_NetworkForwardRef__Output } from '../../corral/v1/NetworkForwardRef';

export interface NetworkForwardsClient extends grpc.Client {
  CreateNetworkForward(argument: _corral_v1_NetworkForward, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_NetworkForward__Output>): grpc.ClientUnaryCall;
  CreateNetworkForward(argument: _corral_v1_NetworkForward, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_NetworkForward__Output>): grpc.ClientUnaryCall;
  CreateNetworkForward(argument: _corral_v1_NetworkForward, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_NetworkForward__Output>): grpc.ClientUnaryCall;
  CreateNetworkForward(argument: _corral_v1_NetworkForward, callback: grpc.requestCallback<_corral_v1_NetworkForward__Output>): grpc.ClientUnaryCall;
  createNetworkForward(argument: _corral_v1_NetworkForward, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_NetworkForward__Output>): grpc.ClientUnaryCall;
  createNetworkForward(argument: _corral_v1_NetworkForward, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_NetworkForward__Output>): grpc.ClientUnaryCall;
  createNetworkForward(argument: _corral_v1_NetworkForward, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_NetworkForward__Output>): grpc.ClientUnaryCall;
  createNetworkForward(argument: _corral_v1_NetworkForward, callback: grpc.requestCallback<_corral_v1_NetworkForward__Output>): grpc.ClientUnaryCall;
  
  DeleteNetworkForward(argument: _corral_v1_NetworkForwardRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_DeleteNetworkForwardResponse__Output>): grpc.ClientUnaryCall;
  DeleteNetworkForward(argument: _corral_v1_NetworkForwardRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_DeleteNetworkForwardResponse__Output>): grpc.ClientUnaryCall;
  DeleteNetworkForward(argument: _corral_v1_NetworkForwardRef, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_DeleteNetworkForwardResponse__Output>): grpc.ClientUnaryCall;
  DeleteNetworkForward(argument: _corral_v1_NetworkForwardRef, callback: grpc.requestCallback<_corral_v1_DeleteNetworkForwardResponse__Output>): grpc.ClientUnaryCall;
  deleteNetworkForward(argument: _corral_v1_NetworkForwardRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_DeleteNetworkForwardResponse__Output>): grpc.ClientUnaryCall;
  deleteNetworkForward(argument: _corral_v1_NetworkForwardRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_DeleteNetworkForwardResponse__Output>): grpc.ClientUnaryCall;
  deleteNetworkForward(argument: _corral_v1_NetworkForwardRef, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_DeleteNetworkForwardResponse__Output>): grpc.ClientUnaryCall;
  deleteNetworkForward(argument: _corral_v1_NetworkForwardRef, callback: grpc.requestCallback<_corral_v1_DeleteNetworkForwardResponse__Output>): grpc.ClientUnaryCall;
  
  GetNetworkForward(argument: _corral_v1_NetworkForwardRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_NetworkForward__Output>): grpc.ClientUnaryCall;
  GetNetworkForward(argument: _corral_v1_NetworkForwardRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_NetworkForward__Output>): grpc.ClientUnaryCall;
  GetNetworkForward(argument: _corral_v1_NetworkForwardRef, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_NetworkForward__Output>): grpc.ClientUnaryCall;
  GetNetworkForward(argument: _corral_v1_NetworkForwardRef, callback: grpc.requestCallback<_corral_v1_NetworkForward__Output>): grpc.ClientUnaryCall;
  getNetworkForward(argument: _corral_v1_NetworkForwardRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_NetworkForward__Output>): grpc.ClientUnaryCall;
  getNetworkForward(argument: _corral_v1_NetworkForwardRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_NetworkForward__Output>): grpc.ClientUnaryCall;
  getNetworkForward(argument: _corral_v1_NetworkForwardRef, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_NetworkForward__Output>): grpc.ClientUnaryCall;
  getNetworkForward(argument: _corral_v1_NetworkForwardRef, callback: grpc.requestCallback<_corral_v1_NetworkForward__Output>): grpc.ClientUnaryCall;
  
  ListNetworkForwards(argument: _corral_v1_ListNetworkForwardsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListNetworkForwardsResponse__Output>): grpc.ClientUnaryCall;
  ListNetworkForwards(argument: _corral_v1_ListNetworkForwardsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_ListNetworkForwardsResponse__Output>): grpc.ClientUnaryCall;
  ListNetworkForwards(argument: _corral_v1_ListNetworkForwardsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListNetworkForwardsResponse__Output>): grpc.ClientUnaryCall;
  ListNetworkForwards(argument: _corral_v1_ListNetworkForwardsRequest, callback: grpc.requestCallback<_corral_v1_ListNetworkForwardsResponse__Output>): grpc.ClientUnaryCall;
  listNetworkForwards(argument: _corral_v1_ListNetworkForwardsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListNetworkForwardsResponse__Output>): grpc.ClientUnaryCall;
  listNetworkForwards(argument: _corral_v1_ListNetworkForwardsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_ListNetworkForwardsResponse__Output>): grpc.ClientUnaryCall;
  listNetworkForwards(argument: _corral_v1_ListNetworkForwardsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListNetworkForwardsResponse__Output>): grpc.ClientUnaryCall;
  listNetworkForwards(argument: _corral_v1_ListNetworkForwardsRequest, callback: grpc.requestCallback<_corral_v1_ListNetworkForwardsResponse__Output>): grpc.ClientUnaryCall;
  
  UpdateNetworkForward(argument: _corral_v1_NetworkForward, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_NetworkForward__Output>): grpc.ClientUnaryCall;
  UpdateNetworkForward(argument: _corral_v1_NetworkForward, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_NetworkForward__Output>): grpc.ClientUnaryCall;
  UpdateNetworkForward(argument: _corral_v1_NetworkForward, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_NetworkForward__Output>): grpc.ClientUnaryCall;
  UpdateNetworkForward(argument: _corral_v1_NetworkForward, callback: grpc.requestCallback<_corral_v1_NetworkForward__Output>): grpc.ClientUnaryCall;
  updateNetworkForward(argument: _corral_v1_NetworkForward, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_NetworkForward__Output>): grpc.ClientUnaryCall;
  updateNetworkForward(argument: _corral_v1_NetworkForward, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_NetworkForward__Output>): grpc.ClientUnaryCall;
  updateNetworkForward(argument: _corral_v1_NetworkForward, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_NetworkForward__Output>): grpc.ClientUnaryCall;
  updateNetworkForward(argument: _corral_v1_NetworkForward, callback: grpc.requestCallback<_corral_v1_NetworkForward__Output>): grpc.ClientUnaryCall;
  
}

export interface NetworkForwardsHandlers extends grpc.UntypedServiceImplementation {
  CreateNetworkForward: grpc.handleUnaryCall<_corral_v1_NetworkForward__Output, _corral_v1_NetworkForward>;
  
  DeleteNetworkForward: grpc.handleUnaryCall<_corral_v1_NetworkForwardRef__Output, _corral_v1_DeleteNetworkForwardResponse>;
  
  GetNetworkForward: grpc.handleUnaryCall<_corral_v1_NetworkForwardRef__Output, _corral_v1_NetworkForward>;
  
  ListNetworkForwards: grpc.handleUnaryCall<_corral_v1_ListNetworkForwardsRequest__Output, _corral_v1_ListNetworkForwardsResponse>;
  
  UpdateNetworkForward: grpc.handleUnaryCall<_corral_v1_NetworkForward__Output, _corral_v1_NetworkForward>;
  
}

export interface NetworkForwardsDefinition extends grpc.ServiceDefinition {
  CreateNetworkForward: MethodDefinition<_corral_v1_NetworkForward, _corral_v1_NetworkForward, _corral_v1_NetworkForward__Output, _corral_v1_NetworkForward__Output>
  DeleteNetworkForward: MethodDefinition<_corral_v1_NetworkForwardRef, _corral_v1_DeleteNetworkForwardResponse, _corral_v1_NetworkForwardRef__Output, _corral_v1_DeleteNetworkForwardResponse__Output>
  GetNetworkForward: MethodDefinition<_corral_v1_NetworkForwardRef, _corral_v1_NetworkForward, _corral_v1_NetworkForwardRef__Output, _corral_v1_NetworkForward__Output>
  ListNetworkForwards: MethodDefinition<_corral_v1_ListNetworkForwardsRequest, _corral_v1_ListNetworkForwardsResponse, _corral_v1_ListNetworkForwardsRequest__Output, _corral_v1_ListNetworkForwardsResponse__Output>
  UpdateNetworkForward: MethodDefinition<_corral_v1_NetworkForward, _corral_v1_NetworkForward, _corral_v1_NetworkForward__Output, _corral_v1_NetworkForward__Output>
}
