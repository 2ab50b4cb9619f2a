// Original file: corral/v1/remotes.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ListRemotesRequest as _corral_v1_ListRemotesRequest, ListRemotesRequest__Output as _corral_v1_ListRemotesRequest__Output } from '../../corral/v1/ListRemotesRequest';
import type { ListRemotesResponse as _corral_v1_ListRemotesResponse, ListRemotesResponse__Output as _corral_v1_ListRemotesResponse__Output } from '../../corral/v1/ListRemotesResponse';
import type { Operation as _corral_v1_Operation, Operation__Output as _corral_v1_Operation__Output } from '../../corral/v1/Operation';
import type { PullImageRequest as _corral_v1_PullImageRequest, PullImageRequest__Output as _corral_v1_PullImageRequest__Output } from '../../corral/v1/PullImageRequest';
import type { Remote as _corral_v1_Remote, Remote__Output as _corral_v1_Remote__Output } from '../../corral/v1/Remote';
import type { RemoveRemoteRequest as _corral_v1_RemoveRemoteRequest, RemoveRemoteRequest__Output as _corral_v1_RemoveRemoteRequest__Output } from '../../corral/v1/RemoveRemoteRequest';
import type { RemoveRemoteResponse as _corral_v1_RemoveRemoteResponse, RemoveRemoteResponse__Output as _corral_v1_RemoveRemoteResponse__Output } from '../../corral/v1/RemoveRemoteResponse';

export interface RemotesClient extends grpc.Client {
  AddRemote(argument: _corral_v1_Remote, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Remote__Output>): grpc.ClientUnaryCall;
  AddRemote(argument: _corral_v1_Remote, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Remote__Output>): grpc.ClientUnaryCall;
  AddRemote(argument: _corral_v1_Remote, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Remote__Output>): grpc.ClientUnaryCall;
  AddRemote(argument: _corral_v1_Remote, callback: grpc.requestCallback<_corral_v1_Remote__Output>): grpc.ClientUnaryCall;
  addRemote(argument: _corral_v1_Remote, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Remote__Output>): grpc.ClientUnaryCall;
  addRemote(argument: _corral_v1_Remote, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Remote__Output>): grpc.ClientUnaryCall;
  addRemote(argument: _corral_v1_Remote, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Remote__Output>): grpc.ClientUnaryCall;
  addRemote(argument: _corral_v1_Remote, callback: grpc.requestCallback<_corral_v1_Remote__Output>): grpc.ClientUnaryCall;
  
  ListRemotes(argument: _corral_v1_ListRemotesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListRemotesResponse__Output>): grpc.ClientUnaryCall;
  ListRemotes(argument: _corral_v1_ListRemotesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_ListRemotesResponse__Output>): grpc.ClientUnaryCall;
  ListRemotes(argument: _corral_v1_ListRemotesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListRemotesResponse__Output>): grpc.ClientUnaryCall;
  ListRemotes(argument: _corral_v1_ListRemotesRequest, callback: grpc.requestCallback<_corral_v1_ListRemotesResponse__Output>): grpc.ClientUnaryCall;
  listRemotes(argument: _corral_v1_ListRemotesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListRemotesResponse__Output>): grpc.ClientUnaryCall;
  listRemotes(argument: _corral_v1_ListRemotesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_ListRemotesResponse__Output>): grpc.ClientUnaryCall;
  listRemotes(argument: _corral_v1_ListRemotesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListRemotesResponse__Output>): grpc.ClientUnaryCall;
  listRemotes(argument: _corral_v1_ListRemotesRequest, callback: grpc.requestCallback<_corral_v1_ListRemotesResponse__Output>): grpc.ClientUnaryCall;
  
  PullImage(argument: _corral_v1_PullImageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  PullImage(argument: _corral_v1_PullImageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  PullImage(argument: _corral_v1_PullImageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  PullImage(argument: _corral_v1_PullImageRequest, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  pullImage(argument: _corral_v1_PullImageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  pullImage(argument: _corral_v1_PullImageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  pullImage(argument: _corral_v1_PullImageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  pullImage(argument: _corral_v1_PullImageRequest, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  
  RemoveRemote(argument: _corral_v1_RemoveRemoteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_RemoveRemoteResponse__Output>): grpc.ClientUnaryCall;
  RemoveRemote(argument: _corral_v1_RemoveRemoteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_RemoveRemoteResponse__Output>): grpc.ClientUnaryCall;
  RemoveRemote(argument: _corral_v1_RemoveRemoteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_RemoveRemoteResponse__Output>): grpc.ClientUnaryCall;
  RemoveRemote(argument: _corral_v1_RemoveRemoteRequest, callback: grpc.requestCallback<_corral_v1_RemoveRemoteResponse__Output>): grpc.ClientUnaryCall;
  removeRemote(argument: _corral_v1_RemoveRemoteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_RemoveRemoteResponse__Output>): grpc.ClientUnaryCall;
  removeRemote(argument: _corral_v1_RemoveRemoteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_RemoveRemoteResponse__Output>): grpc.ClientUnaryCall;
  removeRemote(argument: _corral_v1_RemoveRemoteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_RemoveRemoteResponse__Output>): grpc.ClientUnaryCall;
  removeRemote(argument: _corral_v1_RemoveRemoteRequest, callback: grpc.requestCallback<_corral_v1_RemoveRemoteResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface RemotesHandlers extends grpc.UntypedServiceImplementation {
  AddRemote: grpc.handleUnaryCall<_corral_v1_Remote__Output, _corral_v1_Remote>;
  
  ListRemotes: grpc.handleUnaryCall<_corral_v1_ListRemotesRequest__Output, _corral_v1_ListRemotesResponse>;
  
  PullImage: grpc.handleUnaryCall<_corral_v1_PullImageRequest__Output, _corral_v1_Operation>;
  
  RemoveRemote: grpc.handleUnaryCall<_corral_v1_RemoveRemoteRequest__Output, _corral_v1_RemoveRemoteResponse>;
  
}

export interface RemotesDefinition extends grpc.ServiceDefinition {
  AddRemote: MethodDefinition<_corral_v1_Remote, _corral_v1_Remote, _corral_v1_Remote__Output, _corral_v1_Remote__Output>
  ListRemotes: MethodDefinition<_corral_v1_ListRemotesRequest, _corral_v1_ListRemotesResponse, _corral_v1_ListRemotesRequest__Output, _corral_v1_ListRemotesResponse__Output>
  PullImage: MethodDefinition<_corral_v1_PullImageRequest, _corral_v1_Operation, _corral_v1_PullImageRequest__Output, _corral_v1_Operation__Output>
  RemoveRemote: MethodDefinition<_corral_v1_RemoveRemoteRequest, _corral_v1_RemoveRemoteResponse, _corral_v1_RemoveRemoteRequest__Output, _corral_v1_RemoveRemoteResponse__Output>
}
