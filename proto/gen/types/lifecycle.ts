import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { LeaseInfo as _corral_v1_LeaseInfo, LeaseInfo__Output as _corral_v1_LeaseInfo__Output } from './corral/v1/LeaseInfo';
import type { LifecycleClient as _corral_v1_LifecycleClient, LifecycleDefinition as _corral_v1_LifecycleDefinition } from './corral/v1/Lifecycle';
import type { RenewLeaseRequest as _corral_v1_RenewLeaseRequest, RenewLeaseRequest__Output as _corral_v1_RenewLeaseRequest__Output } from './corral/v1/RenewLeaseRequest';
import type { WaitInstanceRequest as _corral_v1_WaitInstanceRequest, WaitInstanceRequest__Output as _corral_v1_WaitInstanceRequest__Output } from './corral/v1/WaitInstanceRequest';
import type { WaitInstanceResponse as _corral_v1_WaitInstanceResponse, WaitInstanceResponse__Output as _corral_v1_WaitInstanceResponse__Output } from './corral/v1/WaitInstanceResponse';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  corral: {
    v1: {
      LeaseInfo: MessageTypeDefinition<_corral_v1_LeaseInfo, _corral_v1_LeaseInfo__Output>
      Lifecycle: SubtypeConstructor<typeof grpc.Client, _corral_v1_LifecycleClient> & { service: _corral_v1_LifecycleDefinition }
      RenewLeaseRequest: MessageTypeDefinition<_corral_v1_RenewLeaseRequest, _corral_v1_RenewLeaseRequest__Output>
      WaitInstanceRequest: MessageTypeDefinition<_corral_v1_WaitInstanceRequest, _corral_v1_WaitInstanceRequest__Output>
      WaitInstanceResponse: MessageTypeDefinition<_corral_v1_WaitInstanceResponse, _corral_v1_WaitInstanceResponse__Output>
    }
  }
}

