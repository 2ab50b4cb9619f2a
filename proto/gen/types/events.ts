import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { Event as _corral_v1_Event, Event__Output as _corral_v1_Event__Output } from './corral/v1/Event';
import type { EventsClient as _corral_v1_EventsClient, EventsDefinition as _corral_v1_EventsDefinition } from './corral/v1/Events';
import type { WatchEventsRequest as _corral_v1_WatchEventsRequest, WatchEventsRequest__Output as _corral_v1_WatchEventsRequest__Output } from './corral/v1/WatchEventsRequest';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  corral: {
    v1: {
      Event: MessageTypeDefinition<_corral_v1_Event, _corral_v1_Event__Output>
      Events: SubtypeConstructor<typeof grpc.Client, _corral_v1_EventsClient> & { service: _corral_v1_EventsDefinition }
      WatchEventsRequest: MessageTypeDefinition<_corral_v1_WatchEventsRequest, _corral_v1_WatchEventsRequest__Output>
    }
  }
}

