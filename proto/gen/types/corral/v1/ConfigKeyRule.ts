// Original file: corral/v1/host.proto


export interface ConfigKeyRule {
  'scope'?: (string);
  'key'?: (string);
  'type'?: (string);
  'default_value'?: (string);
  'description'?: (string);
  'live_update'?: (boolean);
}

export interface ConfigKeyRule__Output {
  'scope': (string);
  'key': (string);
  'type': (string);
  'default_value': (string);
  'description': (string);
  'live_update': (boolean);
}
