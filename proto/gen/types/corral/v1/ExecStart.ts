// Original file: corral/v1/instances.proto


export interface ExecStart {
  'command'?: (string)[];
  'environment'?: ({[key: string]: string});
  'cwd'?: (string);
  'uid'?: (number);
  'gid'?: (number);
  'tty'?: (boolean);
  'width'?: (number);
  'height'?: (number);
  'instance'?: (string);
}

export interface ExecStart__Output {
  'command': (string)[];
  'environment': ({[key: string]: string});
  'cwd': (string);
  'uid': (number);
  'gid': (number);
  'tty': (boolean);
  'width': (number);
  'height': (number);
  'instance': (string);
}
