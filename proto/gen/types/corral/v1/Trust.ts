// Original file: corral/v1/trust.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CreateTrustTokenRequest as _corral_v1_CreateTrustTokenRequest, CreateTrustTokenRequest__Output as _corral_v1_CreateTrustTokenRequest__Output } from '../../corral/v1/CreateTrustTokenRequest';
import type { EnrollRequest as _corral_v1_EnrollRequest, EnrollRequest__Output as _corral_v1_EnrollRequest__Output } from '../../corral/v1/EnrollRequest';
import type { ListTrustedRequest as _corral_v1_ListTrustedRequest, ListTrustedRequest__Output as _corral_v1_ListTrustedRequest__Output } from '../../corral/v1/ListTrustedRequest';
import type { ListTrustedResponse as _corral_v1_ListTrustedResponse, ListTrustedResponse__Output as _corral_v1_ListTrustedResponse__Output } from '../../corral/v1/ListTrustedResponse';
import type { RemoveTrustedRequest as _corral_v1_RemoveTrustedRequest, RemoveTrustedRequest__Output as _corral_v1_RemoveTrustedRequest__Output } from '../../corral/v1/RemoveTrustedRequest';
import type { RemoveTrustedResponse as _corral_v1_RemoveTrustedResponse, RemoveTrustedResponse__Output as _corral_v1_RemoveTrustedResponse__Output } from '../../corral/v1/RemoveTrustedResponse';
import type { TrustToken as _corral_v1_TrustToken, TrustToken__Output as _corral_v1_TrustToken__Output } from '../../corral/v1/TrustToken';
import type { TrustedClient as _corral_v1_TrustedClient, TrustedClient__Output as _corral_v1_TrustedClient__Output } from '../../corral/v1/TrustedClient';

export interface TrustClient extends grpc.Client {
  CreateTrustToken(argument: _corral_v1_CreateTrustTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_TrustToken__Output>): grpc.ClientUnaryCall;
  CreateTrustToken(argument: _corral_v1_CreateTrustTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_TrustToken__Output>): grpc.ClientUnaryCall;
  CreateTrustToken(argument: _corral_v1_CreateTrustTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_TrustToken__Output>): grpc.ClientUnaryCall;
  CreateTrustToken(argument: _corral_v1_CreateTrustTokenRequest, callback: grpc.requestCallback<_corral_v1_TrustToken__Output>): grpc.ClientUnaryCall;
  createTrustToken(argument: _corral_v1_CreateTrustTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_TrustToken__Output>): grpc.ClientUnaryCall;
  createTrustToken(argument: _corral_v1_CreateTrustTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_TrustToken__Output>): grpc.ClientUnaryCall;
  createTrustToken(argument: _corral_v1_CreateTrustTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_TrustToken__Output>): grpc.ClientUnaryCall;
  createTrustToken(argument: _corral_v1_CreateTrustTokenRequest, callback: grpc.requestCallback<_corral_v1_TrustToken__Output>): grpc.ClientUnaryCall;
  
  Enroll(argument: _corral_v1_EnrollRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_TrustedClient__Output>): grpc.ClientUnaryCall;
  Enroll(argument: _corral_v1_EnrollRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_TrustedClient__Output>): grpc.ClientUnaryCall;
  Enroll(argument: _corral_v1_EnrollRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_TrustedClient__Output>): grpc.ClientUnaryCall;
  Enroll(argument: _corral_v1_EnrollRequest, callback: grpc.requestCallback<_corral_v1_TrustedClient__Output>): grpc.ClientUnaryCall;
  enroll(argument: _corral_v1_EnrollRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_TrustedClient__Output>): grpc.ClientUnaryCall;
  enroll(argument: _corral_v1_EnrollRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_TrustedClient__Output>): grpc.ClientUnaryCall;
  enroll(argument: _corral_v1_EnrollRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_TrustedClient__Output>): grpc.ClientUnaryCall;
  enroll(argument: _corral_v1_EnrollRequest, callback: grpc.requestCallback<_corral_v1_TrustedClient__Output>): grpc.ClientUnaryCall;
  
  ListTrusted(argument: _corral_v1_ListTrustedRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListTrustedResponse__Output>): grpc.ClientUnaryCall;
  ListTrusted(argument: _corral_v1_ListTrustedRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_ListTrustedResponse__Output>): grpc.ClientUnaryCall;
  ListTrusted(argument: _corral_v1_ListTrustedRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListTrustedResponse__Output>): grpc.ClientUnaryCall;
  ListTrusted(argument: _corral_v1_ListTrustedRequest, callback: grpc.requestCallback<_corral_v1_ListTrustedResponse__Output>): grpc.ClientUnaryCall;
  listTrusted(argument: _corral_v1_ListTrustedRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListTrustedResponse__Output>): grpc.ClientUnaryCall;
  listTrusted(argument: _corral_v1_ListTrustedRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_ListTrustedResponse__Output>): grpc.ClientUnaryCall;
  listTrusted(argument: _corral_v1_ListTrustedRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListTrustedResponse__Output>): grpc.ClientUnaryCall;
  listTrusted(argument: _corral_v1_ListTrustedRequest, callback: grpc.requestCallback<_corral_v1_ListTrustedResponse__Output>): grpc.ClientUnaryCall;
  
  RemoveTrusted(argument: _corral_v1_RemoveTrustedRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_RemoveTrustedResponse__Output>): grpc.ClientUnaryCall;
  RemoveTrusted(argument: _corral_v1_RemoveTrustedRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_RemoveTrustedResponse__Output>): grpc.ClientUnaryCall;
  RemoveTrusted(argument: _corral_v1_RemoveTrustedRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_RemoveTrustedResponse__Output>): grpc.ClientUnaryCall;
  RemoveTrusted(argument: _corral_v1_RemoveTrustedRequest, callback: grpc.requestCallback<_corral_v1_RemoveTrustedResponse__Output>): grpc.ClientUnaryCall;
  removeTrusted(argument: _corral_v1_RemoveTrustedRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_RemoveTrustedResponse__Output>): grpc.ClientUnaryCall;
  removeTrusted(argument: _corral_v1_RemoveTrustedRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_RemoveTrustedResponse__Output>): grpc.ClientUnaryCall;
  removeTrusted(argument: _corral_v1_RemoveTrustedRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_RemoveTrustedResponse__Output>): grpc.ClientUnaryCall;
  removeTrusted(argument: _corral_v1_RemoveTrustedRequest, callback: grpc.requestCallback<_corral_v1_RemoveTrustedResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface TrustHandlers extends grpc.UntypedServiceImplementation {
  CreateTrustToken: grpc.handleUnaryCall<_corral_v1_CreateTrustTokenRequest__Output, _corral_v1_TrustToken>;
  
  Enroll: grpc.handleUnaryCall<_corral_v1_EnrollRequest__Output, _corral_v1_TrustedClient>;
  
  ListTrusted: grpc.handleUnaryCall<_corral_v1_ListTrustedRequest__Output, _corral_v1_ListTrustedResponse>;
  
  RemoveTrusted: grpc.handleUnaryCall<_corral_v1_RemoveTrustedRequest__Output, _corral_v1_RemoveTrustedResponse>;
  
}

export interface TrustDefinition extends grpc.ServiceDefinition {
  CreateTrustToken: MethodDefinition<_corral_v1_CreateTrustTokenRequest, _corral_v1_TrustToken, _corral_v1_CreateTrustTokenRequest__Output, _corral_v1_TrustToken__Output>
  Enroll: MethodDefinition<_corral_v1_EnrollRequest, _corral_v1_TrustedClient, _corral_v1_EnrollRequest__Output, _corral_v1_TrustedClient__Output>
  ListTrusted: MethodDefinition<_corral_v1_ListTrustedRequest, _corral_v1_ListTrustedResponse, _corral_v1_ListTrustedRequest__Output, _corral_v1_ListTrustedResponse__Output>
  RemoveTrusted: MethodDefinition<_corral_v1_RemoveTrustedRequest, _corral_v1_RemoveTrustedResponse, _corral_v1_RemoveTrustedRequest__Output, _corral_v1_RemoveTrustedResponse__Output>
}
