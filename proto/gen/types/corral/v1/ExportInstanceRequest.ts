// Original file: corral/v1/instances.proto


export interface ExportInstanceRequest {
  'name'?: (string);
  'instance_only'?: (boolean);
}

export interface ExportInstanceRequest__Output {
  'name': (string);
  'instance_only': (boolean);
}
