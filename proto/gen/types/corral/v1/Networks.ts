// Original file: corral/v1/networks.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CreateNetworkRequest as _corral_v1_CreateNetworkRequest, CreateNetworkRequest__Output as _corral_v1_CreateNetworkRequest__Output } from '../../corral/v1/CreateNetworkRequest';
import type { DeleteNetworkRequest as _corral_v1_DeleteNetworkRequest, DeleteNetworkRequest__Output as _corral_v1_DeleteNetworkRequest__Output } from '../../corral/v1/DeleteNetworkRequest';
import type { DeleteNetworkResponse as _corral_v1_DeleteNetworkResponse, DeleteNetworkResponse__Output as _corral_v1_DeleteNetworkResponse__Output } from '../../corral/v1/DeleteNetworkResponse';
import type { GetNetworkRequest as _corral_v1_GetNetworkRequest, GetNetworkRequest__Output as _corral_v1_GetNetworkRequest__Output } from '../../corral/v1/GetNetworkRequest';
import type { ListNetworksRequest as _corral_v1_ListNetworksRequest, ListNetworksRequest__Output as _corral_v1_ListNetworksRequest__Output } from '../../corral/v1/ListNetworksRequest';
import type { ListNetworksResponse as _corral_v1_ListNetworksResponse, ListNetworksResponse__Output as _corral_v1_ListNetworksResponse__Output } from '../../corral/v1/ListNetworksResponse';
import type { Network as _corral_v1_Network, Network__Output as _corral_v1_Network__Output } from '../../corral/v1/Network';
import type { UpdateNetworkRequest as _corral_v1_UpdateNetworkRequest, UpdateNetworkRequest__Output as _corral_v1_UpdateNetworkRequest__Output } from '../../corral/v1/UpdateNetworkRequest';

export interface NetworksClient extends grpc.Client {
  CreateNetwork(argument: _corral_v1_CreateNetworkRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Network__Output>): grpc.ClientUnaryCall;
  CreateNetwork(argument: _corral_v1_CreateNetworkRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Network__Output>): grpc.ClientUnaryCall;
  CreateNetwork(argument: _corral_v1_CreateNetworkRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Network__Output>): grpc.ClientUnaryCall;
  CreateNetwork(argument: _corral_v1_CreateNetworkRequest, callback: grpc.requestCallback<_corral_v1_Network__Output>): grpc.ClientUnaryCall;
  createNetwork(argument: _corral_v1_CreateNetworkRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Network__Output>): grpc.ClientUnaryCall;
  createNetwork(argument: _corral_v1_CreateNetworkRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Network__Output>): grpc.ClientUnaryCall;
  createNetwork(argument: _corral_v1_CreateNetworkRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Network__Output>): grpc.ClientUnaryCall;
  createNetwork(argument: _corral_v1_CreateNetworkRequest, callback: grpc.requestCallback<_corral_v1_Network__Output>): grpc.ClientUnaryCall;
  
  DeleteNetwork(argument: _corral_v1_DeleteNetworkRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_DeleteNetworkResponse__Output>): grpc.ClientUnaryCall;
  DeleteNetwork(argument: _corral_v1_DeleteNetworkRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_DeleteNetworkResponse__Output>): grpc.ClientUnaryCall;
  DeleteNetwork(argument: _corral_v1_DeleteNetworkRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_DeleteNetworkResponse__Output>): grpc.ClientUnaryCall;
  DeleteNetwork(argument: _corral_v1_DeleteNetworkRequest, callback: grpc.requestCallback<_corral_v1_DeleteNetworkResponse__Output>): grpc.ClientUnaryCall;
  deleteNetwork(argument: _corral_v1_DeleteNetworkRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_DeleteNetworkResponse__Output>): grpc.ClientUnaryCall;
  deleteNetwork(argument: _corral_v1_DeleteNetworkRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_DeleteNetworkResponse__Output>): grpc.ClientUnaryCall;
  deleteNetwork(argument: _corral_v1_DeleteNetworkRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_DeleteNetworkResponse__Output>): grpc.ClientUnaryCall;
  deleteNetwork(argument: _corral_v1_DeleteNetworkRequest, callback: grpc.requestCallback<_corral_v1_DeleteNetworkResponse__Output>): grpc.ClientUnaryCall;
  
  GetNetwork(argument: _corral_v1_GetNetworkRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Network__Output>): grpc.ClientUnaryCall;
  GetNetwork(argument: _corral_v1_GetNetworkRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Network__Output>): grpc.ClientUnaryCall;
  GetNetwork(argument: _corral_v1_GetNetworkRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Network__Output>): grpc.ClientUnaryCall;
  GetNetwork(argument: _corral_v1_GetNetworkRequest, callback: grpc.requestCallback<_corral_v1_Network__Output>): grpc.ClientUnaryCall;
  getNetwork(argument: _corral_v1_GetNetworkRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Network__Output>): grpc.ClientUnaryCall;
  getNetwork(argument: _corral_v1_GetNetworkRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Network__Output>): grpc.ClientUnaryCall;
  getNetwork(argument: _corral_v1_GetNetworkRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Network__Output>): grpc.ClientUnaryCall;
  getNetwork(argument: _corral_v1_GetNetworkRequest, callback: grpc.requestCallback<_corral_v1_Network__Output>): grpc.ClientUnaryCall;
  
  ListNetworks(argument: _corral_v1_ListNetworksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListNetworksResponse__Output>): grpc.ClientUnaryCall;
  ListNetworks(argument: _corral_v1_ListNetworksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_ListNetworksResponse__Output>): grpc.ClientUnaryCall;
  ListNetworks(argument: _corral_v1_ListNetworksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListNetworksResponse__Output>): grpc.ClientUnaryCall;
  ListNetworks(argument: _corral_v1_ListNetworksRequest, callback: grpc.requestCallback<_corral_v1_ListNetworksResponse__Output>): grpc.ClientUnaryCall;
  listNetworks(argument: _corral_v1_ListNetworksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListNetworksResponse__Output>): grpc.ClientUnaryCall;
  listNetworks(argument: _corral_v1_ListNetworksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_ListNetworksResponse__Output>): grpc.ClientUnaryCall;
  listNetworks(argument: _corral_v1_ListNetworksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListNetworksResponse__Output>): grpc.ClientUnaryCall;
  listNetworks(argument: _corral_v1_ListNetworksRequest, callback: grpc.requestCallback<_corral_v1_ListNetworksResponse__Output>): grpc.ClientUnaryCall;
  
  UpdateNetwork(argument: _corral_v1_UpdateNetworkRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Network__Output>): grpc.ClientUnaryCall;
  UpdateNetwork(argument: _corral_v1_UpdateNetworkRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Network__Output>): grpc.ClientUnaryCall;
  UpdateNetwork(argument: _corral_v1_UpdateNetworkRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Network__Output>): grpc.ClientUnaryCall;
  UpdateNetwork(argument: _corral_v1_UpdateNetworkRequest, callback: grpc.requestCallback<_corral_v1_Network__Output>): grpc.ClientUnaryCall;
  updateNetwork(argument: _corral_v1_UpdateNetworkRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Network__Output>): grpc.ClientUnaryCall;
  updateNetwork(argument: _corral_v1_UpdateNetworkRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Network__Output>): grpc.ClientUnaryCall;
  updateNetwork(argument: _corral_v1_UpdateNetworkRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Network__Output>): grpc.ClientUnaryCall;
  updateNetwork(argument: _corral_v1_UpdateNetworkRequest, callback: grpc.requestCallback<_corral_v1_Network__Output>): grpc.ClientUnaryCall;
  
}

export interface NetworksHandlers extends grpc.UntypedServiceImplementation {
  CreateNetwork: grpc.handleUnaryCall<_corral_v1_CreateNetworkRequest__Output, _corral_v1_Network>;
  
  DeleteNetwork: grpc.handleUnaryCall<_corral_v1_DeleteNetworkRequest__Output, _corral_v1_DeleteNetworkResponse>;
  
  GetNetwork: grpc.handleUnaryCall<_corral_v1_GetNetworkRequest__Output, _corral_v1_Network>;
  
  ListNetworks: grpc.handleUnaryCall<_corral_v1_ListNetworksRequest__Output, _corral_v1_ListNetworksResponse>;
  
  UpdateNetwork: grpc.handleUnaryCall<_corral_v1_UpdateNetworkRequest__Output, _corral_v1_Network>;
  
}

export interface NetworksDefinition extends grpc.ServiceDefinition {
  CreateNetwork: MethodDefinition<_corral_v1_CreateNetworkRequest, _corral_v1_Network, _corral_v1_CreateNetworkRequest__Output, _corral_v1_Network__Output>
  DeleteNetwork: MethodDefinition<_corral_v1_DeleteNetworkRequest, _corral_v1_DeleteNetworkResponse, _corral_v1_DeleteNetworkRequest__Output, _corral_v1_DeleteNetworkResponse__Output>
  GetNetwork: MethodDefinition<_corral_v1_GetNetworkRequest, _corral_v1_Network, _corral_v1_GetNetworkRequest__Output, _corral_v1_Network__Output>
  ListNetworks: MethodDefinition<_corral_v1_ListNetworksRequest, _corral_v1_ListNetworksResponse, _corral_v1_ListNetworksRequest__Output, _corral_v1_ListNetworksResponse__Output>
  UpdateNetwork: MethodDefinition<_corral_v1_UpdateNetworkRequest, _corral_v1_Network, _corral_v1_UpdateNetworkRequest__Output, _corral_v1_Network__Output>
}
