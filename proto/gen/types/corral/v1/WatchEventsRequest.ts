// Original file: corral/v1/events.proto


export interface WatchEventsRequest {
  'types'?: (string)[];
}

export interface WatchEventsRequest__Output {
  'types': (string)[];
}
