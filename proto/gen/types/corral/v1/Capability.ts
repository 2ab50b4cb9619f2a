// Original file: corral/v1/host.proto


export interface Capability {
  'name'?: (string);
  'available'?: (boolean);
  'detail'?: (string);
}

export interface Capability__Output {
  'name': (string);
  'available': (boolean);
  'detail': (string);
}
