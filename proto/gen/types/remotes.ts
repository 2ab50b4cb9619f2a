import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { GetOperationRequest as _corral_v1_GetOperationRequest, GetOperationRequest__Output as _corral_v1_GetOperationRequest__Output } from './corral/v1/GetOperationRequest';
import type { ListOperationsRequest as _corral_v1_ListOperationsRequest, ListOperationsRequest__Output as _corral_v1_ListOperationsRequest__Output } from './corral/v1/ListOperationsRequest';
import type { ListOperationsResponse as _corral_v1_ListOperationsResponse, ListOperationsResponse__Output as _corral_v1_ListOperationsResponse__Output } from './corral/v1/ListOperationsResponse';
import type { ListRemotesRequest as _corral_v1_ListRemotesRequest, ListRemotesRequest__Output as _corral_v1_ListRemotesRequest__Output } from './corral/v1/ListRemotesRequest';
import type { ListRemotesResponse as _corral_v1_ListRemotesResponse, ListRemotesResponse__Output as _corral_v1_ListRemotesResponse__Output } from './corral/v1/ListRemotesResponse';
import type { Operation as _corral_v1_Operation, Operation__Output as _corral_v1_Operation__Output } from './corral/v1/Operation';
import type { OperationsClient as _corral_v1_OperationsClient, OperationsDefinition as _corral_v1_OperationsDefinition } from './corral/v1/Operations';
import type { PullImageRequest as _corral_v1_PullImageRequest, PullImageRequest__Output as _corral_v1_PullImageRequest__Output } from './corral/v1/PullImageRequest';
import type { Remote as _corral_v1_Remote, Remote__Output as _corral_v1_Remote__Output } from './corral/v1/Remote';
import type { RemotesClient as _corral_v1_RemotesClient, RemotesDefinition as _corral_v1_RemotesDefinition } from './corral/v1/Remotes';
import type { RemoveRemoteRequest as _corral_v1_RemoveRemoteRequest, RemoveRemoteRequest__Output as _corral_v1_RemoveRemoteRequest__Output } from './corral/v1/RemoveRemoteRequest';
import type { RemoveRemoteResponse as _corral_v1_RemoveRemoteResponse, RemoveRemoteResponse__Output as _corral_v1_RemoveRemoteResponse__Output } from './corral/v1/RemoveRemoteResponse';
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
      ListRemotesRequest: MessageTypeDefinition<_corral_v1_ListRemotesRequest, _corral_v1_ListRemotesRequest__Output>
      ListRemotesResponse: MessageTypeDefinition<_corral_v1_ListRemotesResponse, _corral_v1_ListRemotesResponse__Output>
      Operation: MessageTypeDefinition<_corral_v1_Operation, _corral_v1_Operation__Output>
      Operations: SubtypeConstructor<typeof grpc.Client, _corral_v1_OperationsClient> & { service: _corral_v1_OperationsDefinition }
      PullImageRequest: MessageTypeDefinition<_corral_v1_PullImageRequest, _corral_v1_PullImageRequest__Output>
      Remote: MessageTypeDefinition<_corral_v1_Remote, _corral_v1_Remote__Output>
      Remotes: SubtypeConstructor<typeof grpc.Client, _corral_v1_RemotesClient> & { service: _corral_v1_RemotesDefinition }
      RemoveRemoteRequest: MessageTypeDefinition<_corral_v1_RemoveRemoteRequest, _corral_v1_RemoveRemoteRequest__Output>
      RemoveRemoteResponse: MessageTypeDefinition<_corral_v1_RemoveRemoteResponse, _corral_v1_RemoveRemoteResponse__Output>
      WaitOperationRequest: MessageTypeDefinition<_corral_v1_WaitOperationRequest, _corral_v1_WaitOperationRequest__Output>
    }
  }
}

