// Original file: corral/v1/config.proto


export interface ServerConfigValues {
  'config'?: ({[key: string]: string});
}

export interface ServerConfigValues__Output {
  'config': ({[key: string]: string});
}
