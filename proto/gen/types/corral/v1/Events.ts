// Original file: corral/v1/events.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { Event as _corral_v1_Event, Event__Output as _corral_v1_Event__Output } from '../../corral/v1/Event';
import type { WatchEventsRequest as _corral_v1_WatchEventsRequest, WatchEventsRequest__Output as _corral_v1_WatchEventsRequest__Output } from '../../corral/v1/WatchEventsRequest';

export interface EventsClient extends grpc.Client {
  WatchEvents(argument: _corral_v1_WatchEventsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_corral_v1_Event__Output>;
  WatchEvents(argument: _corral_v1_WatchEventsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_corral_v1_Event__Output>;
  watchEvents(argument: _corral_v1_WatchEventsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_corral_v1_Event__Output>;
  watchEvents(argument: _corral_v1_WatchEventsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_corral_v1_Event__Output>;
  
}

export interface EventsHandlers extends grpc.UntypedServiceImplementation {
  WatchEvents: grpc.handleServerStreamingCall<_corral_v1_WatchEventsRequest__Output, _corral_v1_Event>;
  
}

export interface EventsDefinition extends grpc.ServiceDefinition {
  WatchEvents: MethodDefinition<_corral_v1_WatchEventsRequest, _corral_v1_Event, _corral_v1_WatchEventsRequest__Output, _corral_v1_Event__Output>
}
