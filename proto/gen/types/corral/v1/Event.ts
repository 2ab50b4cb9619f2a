// Original file: corral/v1/events.proto


export interface Event {
  'type'?: (string);
  'timestamp'?: (string);
  'action'?: (string);
  'resource'?: (string);
  'location'?: (string);
  'metadata'?: ({[key: string]: string});
}

export interface Event__Output {
  'type': (string);
  'timestamp': (string);
  'action': (string);
  'resource': (string);
  'location': (string);
  'metadata': ({[key: string]: string});
}
