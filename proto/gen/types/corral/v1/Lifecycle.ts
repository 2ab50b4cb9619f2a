// Original file: corral/v1/lifecycle.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { LeaseInfo as _corral_v1_LeaseInfo, LeaseInfo__Output as _corral_v1_LeaseInfo__Output } from '../../corral/v1/LeaseInfo';
import type { RenewLeaseRequest as _corral_v1_RenewLeaseRequest, RenewLeaseRequest__Output as _corral_v1_RenewLeaseRequest__Output } from '../../corral/v1/RenewLeaseRequest';
import type { WaitInstanceRequest as _corral_v1_WaitInstanceRequest, WaitInstanceRequest__Output as _corral_v1_WaitInstanceRequest__Output } from '../../corral/v1/WaitInstanceRequest';
import type { WaitInstanceResponse as _corral_v1_WaitInstanceResponse, WaitInstanceResponse__Output as _corral_v1_WaitInstanceResponse__Output } from '../../corral/v1/WaitInstanceResponse';

export interface LifecycleClient extends grpc.Client {
  RenewLease(argument: _corral_v1_RenewLeaseRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_LeaseInfo__Output>): grpc.ClientUnaryCall;
  RenewLease(argument: _corral_v1_RenewLeaseRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_LeaseInfo__Output>): grpc.ClientUnaryCall;
  RenewLease(argument: _corral_v1_RenewLeaseRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_LeaseInfo__Output>): grpc.ClientUnaryCall;
  RenewLease(argument: _corral_v1_RenewLeaseRequest, callback: grpc.requestCallback<_corral_v1_LeaseInfo__Output>): grpc.ClientUnaryCall;
  renewLease(argument: _corral_v1_RenewLeaseRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_LeaseInfo__Output>): grpc.ClientUnaryCall;
  renewLease(argument: _corral_v1_RenewLeaseRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_LeaseInfo__Output>): grpc.ClientUnaryCall;
  renewLease(argument: _corral_v1_RenewLeaseRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_LeaseInfo__Output>): grpc.ClientUnaryCall;
  renewLease(argument: _corral_v1_RenewLeaseRequest, callback: grpc.requestCallback<_corral_v1_LeaseInfo__Output>): grpc.ClientUnaryCall;
  
  WaitInstance(argument: _corral_v1_WaitInstanceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_WaitInstanceResponse__Output>): grpc.ClientUnaryCall;
  WaitInstance(argument: _corral_v1_WaitInstanceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_WaitInstanceResponse__Output>): grpc.ClientUnaryCall;
  WaitInstance(argument: _corral_v1_WaitInstanceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_WaitInstanceResponse__Output>): grpc.ClientUnaryCall;
  WaitInstance(argument: _corral_v1_WaitInstanceRequest, callback: grpc.requestCallback<_corral_v1_WaitInstanceResponse__Output>): grpc.ClientUnaryCall;
  waitInstance(argument: _corral_v1_WaitInstanceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_WaitInstanceResponse__Output>): grpc.ClientUnaryCall;
  waitInstance(argument: _corral_v1_WaitInstanceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_corral_v1_WaitInstanceResponse__Output>): grpc.ClientUnaryCall;
  waitInstance(argument: _corral_v1_WaitInstanceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_corral_v1_WaitInstanceResponse__Output>): grpc.ClientUnaryCall;
  waitInstance(argument: _corral_v1_WaitInstanceRequest, callback: grpc.requestCallback<_corral_v1_WaitInstanceResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface LifecycleHandlers extends grpc.UntypedServiceImplementation {
  RenewLease: grpc.handleUnaryCall<_corral_v1_RenewLeaseRequest__Output, _corral_v1_LeaseInfo>;
  
  WaitInstance: grpc.handleUnaryCall<_corral_v1_WaitInstanceRequest__Output, _corral_v1_WaitInstanceResponse>;
  
}

export interface LifecycleDefinition extends grpc.ServiceDefinition {
  RenewLease: MethodDefinition<_corral_v1_RenewLeaseRequest, _corral_v1_LeaseInfo, _corral_v1_RenewLeaseRequest__Output, _corral_v1_LeaseInfo__Output>
  WaitInstance: MethodDefinition<_corral_v1_WaitInstanceRequest, _corral_v1_WaitInstanceResponse, _corral_v1_WaitInstanceRequest__Output, _corral_v1_WaitInstanceResponse__Output>
}
