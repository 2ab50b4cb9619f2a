// Original file: corral/v1/host.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { GetInfoRequest as _corral_v1_GetInfoRequest, GetInfoRequest__Output as _corral_v1_GetInfoRequest__Output } from '../../corral/v1/GetInfoRequest';
import type { HostInfo as _corral_v1_HostInfo, HostInfo__Output as _corral_v1_HostInfo__Output } from '../../corral/v1/HostInfo';

export interface HostClient extends grpc.Client {
  GetInfo(argument: _corral_v1_GetInfoRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_HostInfo__Output>): grpc.ClientUnaryCall;
  GetInfo(argument: _corral_v1_GetInfoRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_HostInfo__Output>): grpc.ClientUnaryCall;
  GetInfo(argument: _corral_v1_GetInfoRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_HostInfo__Output>): grpc.ClientUnaryCall;
  GetInfo(argument: _corral_v1_GetInfoRequest, callback: grpc.requestCallback<_corral_v1_HostInfo__Output>): grpc.ClientUnaryCall;
  getInfo(argument: _corral_v1_GetInfoRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_HostInfo__Output>): grpc.ClientUnaryCall;
  getInfo(argument: _corral_v1_GetInfoRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_HostInfo__Output>): grpc.ClientUnaryCall;
  getInfo(argument: _corral_v1_GetInfoRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_HostInfo__Output>): grpc.ClientUnaryCall;
  getInfo(argument: _corral_v1_GetInfoRequest, callback: grpc.requestCallback<_corral_v1_HostInfo__Output>): grpc.ClientUnaryCall;
  
}

export interface HostHandlers extends grpc.UntypedServiceImplementation {
  GetInfo: grpc.handleUnaryCall<_corral_v1_GetInfoRequest__Output, _corral_v1_HostInfo>;
  
}

export interface HostDefinition extends grpc.ServiceDefinition {
  GetInfo: MethodDefinition<_corral_v1_GetInfoRequest, _corral_v1_HostInfo, _corral_v1_GetInfoRequest__Output, _corral_v1_HostInfo__Output>
}
