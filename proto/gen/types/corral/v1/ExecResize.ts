// Original file: corral/v1/instances.proto


export interface ExecResize {
  'width'?: (number);
  'height'?: (number);
}

export interface ExecResize__Output {
  'width': (number);
  'height': (number);
}
