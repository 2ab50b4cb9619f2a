// Original file: corral/v1/network_policy.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { DeleteNetworkACLResponse as _corral_v1_DeleteNetworkACLResponse, DeleteNetworkACLResponse__Output as _corral_v1_DeleteNetworkACLResponse__Output } from '../../corral/v1/DeleteNetworkACLResponse';
import type { ListNetworkACLsRequest as _corral_v1_ListNetworkACLsRequest, ListNetworkACLsRequest__Output as _corral_v1_ListNetworkACLsRequest__Output } from '../../corral/v1/ListNetworkACLsRequest';
import type { ListNetworkACLsResponse as _corral_v1_ListNetworkACLsResponse, ListNetworkACLsResponse__Output as _corral_v1_ListNetworkACLsResponse__Output } from '../../corral/v1/ListNetworkACLsResponse';
import type { NetworkACL as _corral_v1_NetworkACL, NetworkACL__Output as _corral_v1_NetworkACL__Output } from '../../corral/v1/NetworkACL';
import type { NetworkACLRef as _corral_v1_NetworkACLRef, NetworkACLRef__Output as _corral_v1_NetworkACLRef__Output } from '../../corral/v1/NetworkACLRef';

export interface NetworkACLsClient extends grpc.Client {
  CreateNetworkACL(argument: _corral_v1_NetworkACL, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_NetworkACL__Output>): grpc.ClientUnaryCall;
  CreateNetworkACL(argument: _corral_v1_NetworkACL, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_NetworkACL__Output>): grpc.ClientUnaryCall;
  CreateNetworkACL(argument: _corral_v1_NetworkACL, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_NetworkACL__Output>): grpc.ClientUnaryCall;
  CreateNetworkACL(argument: _corral_v1_NetworkACL, callback: grpc.requestCallback<_corral_v1_NetworkACL__Output>): grpc.ClientUnaryCall;
  createNetworkAcl(argument: _corral_v1_NetworkACL, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_NetworkACL__Output>): grpc.ClientUnaryCall;
  createNetworkAcl(argument: _corral_v1_NetworkACL, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_NetworkACL__Output>): grpc.ClientUnaryCall;
  createNetworkAcl(argument: _corral_v1_NetworkACL, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_NetworkACL__Output>): grpc.ClientUnaryCall;
  createNetworkAcl(argument: _corral_v1_NetworkACL, callback: grpc.requestCallback<_corral_v1_NetworkACL__Output>): grpc.ClientUnaryCall;
  
  DeleteNetworkACL(argument: _corral_v1_NetworkACLRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_DeleteNetworkACLResponse__Output>): grpc.ClientUnaryCall;
  DeleteNetworkACL(argument: _corral_v1_NetworkACLRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_DeleteNetworkACLResponse__Output>): grpc.ClientUnaryCall;
  DeleteNetworkACL(argument: _corral_v1_NetworkACLRef, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_DeleteNetworkACLResponse__Output>): grpc.ClientUnaryCall;
  DeleteNetworkACL(argument: _corral_v1_NetworkACLRef, callback: grpc.requestCallback<_corral_v1_DeleteNetworkACLResponse__Output>): grpc.ClientUnaryCall;
  deleteNetworkAcl(argument: _corral_v1_NetworkACLRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_DeleteNetworkACLResponse__Output>): grpc.ClientUnaryCall;
  deleteNetworkAcl(argument: _corral_v1_NetworkACLRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_DeleteNetworkACLResponse__Output>): grpc.ClientUnaryCall;
  deleteNetworkAcl(argument: _corral_v1_NetworkACLRef, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_DeleteNetworkACLResponse__Output>): grpc.ClientUnaryCall;
  deleteNetworkAcl(argument: _corral_v1_NetworkACLRef, callback: grpc.requestCallback<_corral_v1_DeleteNetworkACLResponse__Output>): grpc.ClientUnaryCall;
  
  GetNetworkACL(argument: _corral_v1_NetworkACLRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_NetworkACL__Output>): grpc.ClientUnaryCall;
  GetNetworkACL(argument: _corral_v1_NetworkACLRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_NetworkACL__Output>): grpc.ClientUnaryCall;
  GetNetworkACL(argument: _corral_v1_NetworkACLRef, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_NetworkACL__Output>): grpc.ClientUnaryCall;
  GetNetworkACL(argument: _corral_v1_NetworkACLRef, callback: grpc.requestCallback<_corral_v1_NetworkACL__Output>): grpc.ClientUnaryCall;
  getNetworkAcl(argument: _corral_v1_NetworkACLRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_NetworkACL__Output>): grpc.ClientUnaryCall;
  getNetworkAcl(argument: _corral_v1_NetworkACLRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_NetworkACL__Output>): grpc.ClientUnaryCall;
  getNetworkAcl(argument: _corral_v1_NetworkACLRef, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_NetworkACL__Output>): grpc.ClientUnaryCall;
  getNetworkAcl(argument: _corral_v1_NetworkACLRef, callback: grpc.requestCallback<_corral_v1_NetworkACL__Output>): grpc.ClientUnaryCall;
  
  ListNetworkACLs(argument: _corral_v1_ListNetworkACLsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListNetworkACLsResponse__Output>): grpc.ClientUnaryCall;
  ListNetworkACLs(argument: _corral_v1_ListNetworkACLsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_ListNetworkACLsResponse__Output>): grpc.ClientUnaryCall;
  ListNetworkACLs(argument: _corral_v1_ListNetworkACLsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListNetworkACLsResponse__Output>): grpc.ClientUnaryCall;
  ListNetworkACLs(argument: _corral_v1_ListNetworkACLsRequest, callback: grpc.requestCallback<_corral_v1_ListNetworkACLsResponse__Output>): grpc.ClientUnaryCall;
  listNetworkAcLs(argument: _corral_v1_ListNetworkACLsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListNetworkACLsResponse__Output>): grpc.ClientUnaryCall;
  listNetworkAcLs(argument: _corral_v1_ListNetworkACLsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_ListNetworkACLsResponse__Output>): grpc.ClientUnaryCall;
  listNetworkAcLs(argument: _corral_v1_ListNetworkACLsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListNetworkACLsResponse__Output>): grpc.ClientUnaryCall;
  listNetworkAcLs(argument: _corral_v1_ListNetworkACLsRequest, callback: grpc.requestCallback<_corral_v1_ListNetworkACLsResponse__Output>): grpc.ClientUnaryCall;
  
  UpdateNetworkACL(argument: _corral_v1_NetworkACL, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_NetworkACL__Output>): grpc.ClientUnaryCall;
  UpdateNetworkACL(argument: _corral_v1_NetworkACL, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_NetworkACL__Output>): grpc.ClientUnaryCall;
  UpdateNetworkACL(argument: _corral_v1_NetworkACL, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_NetworkACL__Output>): grpc.ClientUnaryCall;
  UpdateNetworkACL(argument: _corral_v1_NetworkACL, callback: grpc.requestCallback<_corral_v1_NetworkACL__Output>): grpc.ClientUnaryCall;
  updateNetworkAcl(argument: _corral_v1_NetworkACL, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_NetworkACL__Output>): grpc.ClientUnaryCall;
  updateNetworkAcl(argument: _corral_v1_NetworkACL, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_NetworkACL__Output>): grpc.ClientUnaryCall;
  updateNetworkAcl(argument: _corral_v1_NetworkACL, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_NetworkACL__Output>): grpc.ClientUnaryCall;
  updateNetworkAcl(argument: _corral_v1_NetworkACL, callback: grpc.requestCallback<_corral_v1_NetworkACL__Output>): grpc.ClientUnaryCall;
  
}

export interface NetworkACLsHandlers extends grpc.UntypedServiceImplementation {
  CreateNetworkACL: grpc.handleUnaryCall<_corral_v1_NetworkACL__Output, _corral_v1_NetworkACL>;
  
  DeleteNetworkACL: grpc.handleUnaryCall<_corral_v1_NetworkACLRef__Output, _corral_v1_DeleteNetworkACLResponse>;
  
  GetNetworkACL: grpc.handleUnaryCall<_corral_v1_NetworkACLRef__Output, _corral_v1_NetworkACL>;
  
  ListNetworkACLs: grpc.handleUnaryCall<_corral_v1_ListNetworkACLsRequest__Output, _corral_v1_ListNetworkACLsResponse>;
  
  UpdateNetworkACL: grpc.handleUnaryCall<_corral_v1_NetworkACL__Output, _corral_v1_NetworkACL>;
  
}

export interface NetworkACLsDefinition extends grpc.ServiceDefinition {
  CreateNetworkACL: MethodDefinition<_corral_v1_NetworkACL, _corral_v1_NetworkACL, _corral_v1_NetworkACL__Output, _corral_v1_NetworkACL__Output>
  DeleteNetworkACL: MethodDefinition<_corral_v1_NetworkACLRef, _corral_v1_DeleteNetworkACLResponse, _corral_v1_NetworkACLRef__Output, _corral_v1_DeleteNetworkACLResponse__Output>
  GetNetworkACL: MethodDefinition<_corral_v1_NetworkACLRef, _corral_v1_NetworkACL, _corral_v1_NetworkACLRef__Output, _corral_v1_NetworkACL__Output>
  ListNetworkACLs: MethodDefinition<_corral_v1_ListNetworkACLsRequest, _corral_v1_ListNetworkACLsResponse, _corral_v1_ListNetworkACLsRequest__Output, _corral_v1_ListNetworkACLsResponse__Output>
  UpdateNetworkACL: MethodDefinition<_corral_v1_NetworkACL, _corral_v1_NetworkACL, _corral_v1_NetworkACL__Output, _corral_v1_NetworkACL__Output>
}
