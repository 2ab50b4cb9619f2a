// Original file: corral/v1/instances.proto


export interface Device {
  'properties'?: ({[key: string]: string});
}

export interface Device__Output {
  'properties': ({[key: string]: string});
}
