// Original file: corral/v1/instances.proto


export interface FileHeader {
  'instance'?: (string);
  'path'?: (string);
  'mode'?: (number);
  'uid'?: (number);
  'gid'?: (number);
  'create_parents'?: (boolean);
}

export interface FileHeader__Output {
  'instance': (string);
  'path': (string);
  'mode': (number);
  'uid': (number);
  'gid': (number);
  'create_parents': (boolean);
}
