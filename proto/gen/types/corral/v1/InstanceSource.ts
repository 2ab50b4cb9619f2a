// Original file: corral/v1/instances.proto


export interface InstanceSource {
  'instance'?: (string);
  'snapshot'?: (string);
}

export interface InstanceSource__Output {
  'instance': (string);
  'snapshot': (string);
}
