// Original file: corral/v1/operations.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { GetOperationRequest as _corral_v1_GetOperationRequest, GetOperationRequest__Output as _corral_v1_GetOperationRequest__Output } from '../../corral/v1/GetOperationRequest';
import type { ListOperationsRequest as _corral_v1_ListOperationsRequest, ListOperationsRequest__Output as _corral_v1_ListOperationsRequest__Output } from '../../corral/v1/ListOperationsRequest';
import type { ListOperationsResponse as _corral_v1_ListOperationsResponse, ListOperationsResponse__Output as _corral_v1_ListOperationsResponse__Output } from '../../corral/v1/ListOperationsResponse';
import type { Operation as _corral_v1_Operation, Operation__Output as _corral_v1_Operation__Output } from '../../corral/v1/Operation';
import type { WaitOperationRequest as _corral_v1_WaitOperationRequest, WaitOperationRequest__Output as _corral_v1_WaitOperationRequest__Output } from '../../corral/v1/WaitOperationRequest';

export interface OperationsClient extends grpc.Client {
  CancelOperation(argument: _corral_v1_GetOperationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  CancelOperation(argument: _corral_v1_GetOperationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  CancelOperation(argument: _corral_v1_GetOperationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  CancelOperation(argument: _corral_v1_GetOperationRequest, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  cancelOperation(argument: _corral_v1_GetOperationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  cancelOperation(argument: _corral_v1_GetOperationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  cancelOperation(argument: _corral_v1_GetOperationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  cancelOperation(argument: _corral_v1_GetOperationRequest, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  
  GetOperation(argument: _corral_v1_GetOperationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  GetOperation(argument: _corral_v1_GetOperationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  GetOperation(argument: _corral_v1_GetOperationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  GetOperation(argument: _corral_v1_GetOperationRequest, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  getOperation(argument: _corral_v1_GetOperationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  getOperation(argument: _corral_v1_GetOperationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  getOperation(argument: _corral_v1_GetOperationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  getOperation(argument: _corral_v1_GetOperationRequest, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  
  ListOperations(argument: _corral_v1_ListOperationsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListOperationsResponse__Output>): grpc.ClientUnaryCall;
  ListOperations(argument: _corral_v1_ListOperationsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_ListOperationsResponse__Output>): grpc.ClientUnaryCall;
  ListOperations(argument: _corral_v1_ListOperationsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListOperationsResponse__Output>): grpc.ClientUnaryCall;
  ListOperations(argument: _corral_v1_ListOperationsRequest, callback: grpc.requestCallback<_corral_v1_ListOperationsResponse__Output>): grpc.ClientUnaryCall;
  listOperations(argument: _corral_v1_ListOperationsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListOperationsResponse__Output>): grpc.ClientUnaryCall;
  listOperations(argument: _corral_v1_ListOperationsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_ListOperationsResponse__Output>): grpc.ClientUnaryCall;
  listOperations(argument: _corral_v1_ListOperationsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_ListOperationsResponse__Output>): grpc.ClientUnaryCall;
  listOperations(argument: _corral_v1_ListOperationsRequest, callback: grpc.requestCallback<_corral_v1_ListOperationsResponse__Output>): grpc.ClientUnaryCall;
  
  WaitOperation(argument: _corral_v1_WaitOperationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  WaitOperation(argument: _corral_v1_WaitOperationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  WaitOperation(argument: _corral_v1_WaitOperationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  WaitOperation(argument: _corral_v1_WaitOperationRequest, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  waitOperation(argument: _corral_v1_WaitOperationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  waitOperation(argument: _corral_v1_WaitOperationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  waitOperation(argument: _corral_v1_WaitOperationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  waitOperation(argument: _corral_v1_WaitOperationRequest, callback: grpc.requestCallback<_corral_v1_Operation__Output>): grpc.ClientUnaryCall;
  
  WatchOperation(argument: _corral_v1_GetOperationRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_corral_v1_Operation__Output>;
  WatchOperation(argument: _corral_v1_GetOperationRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_corral_v1_Operation__Output>;
  watchOperation(argument: _corral_v1_GetOperationRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_corral_v1_Operation__Output>;
  watchOperation(argument: _corral_v1_GetOperationRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_corral_v1_Operation__Output>;
  
}

export interface OperationsHandlers extends grpc.UntypedServiceImplementation {
  CancelOperation: grpc.handleUnaryCall<_corral_v1_GetOperationRequest__Output, _corral_v1_Operation>;
  
  GetOperation: grpc.handleUnaryCall<_corral_v1_GetOperationRequest__Output, _corral_v1_Operation>;
  
  ListOperations: grpc.handleUnaryCall<_corral_v1_ListOperationsRequest__Output, _corral_v1_ListOperationsResponse>;
  
  WaitOperation: grpc.handleUnaryCall<_corral_v1_WaitOperationRequest__Output, _corral_v1_Operation>;
  
  WatchOperation: grpc.handleServerStreamingCall<_corral_v1_GetOperationRequest__Output, _corral_v1_Operation>;
  
}

export interface OperationsDefinition extends grpc.ServiceDefinition {
  CancelOperation: MethodDefinition<_corral_v1_GetOperationRequest, _corral_v1_Operation, _corral_v1_GetOperationRequest__Output, _corral_v1_Operation__Output>
  GetOperation: MethodDefinition<_corral_v1_GetOperationRequest, _corral_v1_Operation, _corral_v1_GetOperationRequest__Output, _corral_v1_Operation__Output>
  ListOperations: MethodDefinition<_corral_v1_ListOperationsRequest, _corral_v1_ListOperationsResponse, _corral_v1_ListOperationsRequest__Output, _corral_v1_ListOperationsResponse__Output>
  WaitOperation: MethodDefinition<_corral_v1_WaitOperationRequest, _corral_v1_Operation, _corral_v1_WaitOperationRequest__Output, _corral_v1_Operation__Output>
  WatchOperation: MethodDefinition<_corral_v1_GetOperationRequest, _corral_v1_Operation, _corral_v1_GetOperationRequest__Output, _corral_v1_Operation__Output>
}
