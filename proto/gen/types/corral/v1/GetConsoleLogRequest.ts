// Original file: corral/v1/instances.proto


export interface GetConsoleLogRequest {
  'name'?: (string);
}

export interface GetConsoleLogRequest__Output {
  'name': (string);
}
