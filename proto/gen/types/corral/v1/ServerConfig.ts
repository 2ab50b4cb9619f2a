// Original file: corral/v1/config.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { GetServerConfigRequest as _corral_v1_GetServerConfigRequest, GetServerConfigRequest__Output as _corral_v1_GetServerConfigRequest__Output } from '../../corral/v1/GetServerConfigRequest';
import type { ServerConfigValues as _corral_v1_ServerConfigValues, ServerConfigValues__Output as _corral_v1_ServerConfigValues__Output } from '../../corral/v1/ServerConfigValues';

export interface ServerConfigClient extends grpc.Client {
  GetServerConfig(argument: _corral_v1_GetServerConfigRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ServerConfigValues__Output>): grpc.ClientUnaryCall;
  GetServerConfig(argument: _corral_v1_GetServerConfigRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_ServerConfigValues__Output>): grpc.ClientUnaryCall;
  GetServerConfig(argument: _corral_v1_GetServerConfigRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ServerConfigValues__Output>): grpc.ClientUnaryCall;
  GetServerConfig(argument: _corral_v1_GetServerConfigRequest, callback: grpc.requestCallback<_corral_v1_ServerConfigValues__Output>): grpc.ClientUnaryCall;
  getServerConfig(argument: _corral_v1_GetServerConfigRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ServerConfigValues__Output>): grpc.ClientUnaryCall;
  getServerConfig(argument: _corral_v1_GetServerConfigRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_ServerConfigValues__Output>): grpc.ClientUnaryCall;
  getServerConfig(argument: _corral_v1_GetServerConfigRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ServerConfigValues__Output>): grpc.ClientUnaryCall;
  getServerConfig(argument: _corral_v1_GetServerConfigRequest, callback: grpc.requestCallback<_corral_v1_ServerConfigValues__Output>): grpc.ClientUnaryCall;
  
  UpdateServerConfig(argument: _corral_v1_ServerConfigValues, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ServerConfigValues__Output>): grpc.ClientUnaryCall;
  UpdateServerConfig(argument: _corral_v1_ServerConfigValues, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_ServerConfigValues__Output>): grpc.ClientUnaryCall;
  UpdateServerConfig(argument: _corral_v1_ServerConfigValues, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ServerConfigValues__Output>): grpc.ClientUnaryCall;
  UpdateServerConfig(argument: _corral_v1_ServerConfigValues, callback: grpc.requestCallback<_corral_v1_ServerConfigValues__Output>): grpc.ClientUnaryCall;
  updateServerConfig(argument: _corral_v1_ServerConfigValues, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ServerConfigValues__Output>): grpc.ClientUnaryCall;
  updateServerConfig(argument: _corral_v1_ServerConfigValues, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_ServerConfigValues__Output>): grpc.ClientUnaryCall;
  updateServerConfig(argument: _corral_v1_ServerConfigValues, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ServerConfigValues__Output>): grpc.ClientUnaryCall;
  updateServerConfig(argument: _corral_v1_ServerConfigValues, callback: grpc.requestCallback<_corral_v1_ServerConfigValues__Output>): grpc.ClientUnaryCall;
  
}

export interface ServerConfigHandlers extends grpc.UntypedServiceImplementation {
  GetServerConfig: grpc.handleUnaryCall<_corral_v1_GetServerConfigRequest__Output, _corral_v1_ServerConfigValues>;
  
  UpdateServerConfig: grpc.handleUnaryCall<_corral_v1_ServerConfigValues__Output, _corral_v1_ServerConfigValues>;
  
}

export interface ServerConfigDefinition extends grpc.ServiceDefinition {
  GetServerConfig: MethodDefinition<_corral_v1_GetServerConfigRequest, _corral_v1_ServerConfigValues, _corral_v1_GetServerConfigRequest__Output, _corral_v1_ServerConfigValues__Output>
  UpdateServerConfig: MethodDefinition<_corral_v1_ServerConfigValues, _corral_v1_ServerConfigValues, _corral_v1_ServerConfigValues__Output, _corral_v1_ServerConfigValues__Output>
}
