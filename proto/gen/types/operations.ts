import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { GetOperationRequest as _corral_v1_GetOperationRequest, GetOperationRequest__Output as _corral_v1_GetOperationRequest__Output } from './corral/v1/GetOperationRequest';
import type { ListOperationsRequest as _corral_v1_ListOperationsRequest, ListOperationsRequest__Output as _corral_v1_ListOperationsRequest__Output } from './corral/v1/ListOperationsRequest';
import type { ListOperationsResponse as _corral_v1_ListOperationsResponse, ListOperationsResponse__Output as _corral_v1_ListOperationsResponse__Output } from './corral/v1/ListOperationsResponse';
import type { Operation as _corral_v1_Operation, Operation__Output as _corral_v1_Operation__Output } from './corral/v1/Operation';
import type { OperationsClient as _corral_v1_OperationsClient, OperationsDefinition as _corral_v1_OperationsDefinition } from './corral/v1/Operations';
import type { WaitOperationRequest as _corral_v1_WaitOperationRequest, WaitOperationRequest__Output as _corral_v1_WaitOperationRequest__Output } from './corral/v1/WaitOperationRequest';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  corral: {
    v1: {
      GetOperationRequest: MessageTypeDefinition<_corral_v1_GetOperationRequest, _corral_v1_GetOperationRequest__Output>
      ListOperationsRequest: MessageTypeDefinition<_corral_v1_ListOperationsRequest, _corral_v1_ListOperationsRequest__Output>
      ListOperationsResponse: MessageTypeDefinition<_corral_v1_ListOperationsResponse, _corral_v1_ListOperationsResponse__Output>
      Operation: MessageTypeDefinition<_corral_v1_Operation, _corral_v1_Operation__Output>
      Operations: SubtypeConstructor<typeof grpc.Client, _corral_v1_OperationsClient> & { service: _corral_v1_OperationsDefinition }
      WaitOperationRequest: MessageTypeDefinition<_corral_v1_WaitOperationRequest, _corral_v1_WaitOperationRequest__Output>
    }
  }
}

