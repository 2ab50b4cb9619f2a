// Original file: corral/v1/instances.proto


export interface ChangeInstanceStateRequest {
  'name'?: (string);
  'action'?: (string);
  'force'?: (boolean);
  'timeout_s'?: (number);
}

export interface ChangeInstanceStateRequest__Output {
  'name': (string);
  'action': (string);
  'force': (boolean);
  'timeout_s': (number);
}
