// Original file: corral/v1/remotes.proto


export interface Remote {
  'name'?: (string);
  'url'?: (string);
  'protocol'?: (string);
  'public'?: (boolean);
  'certificate'?: (string);
  'token'?: (string);
  'server_fingerprint'?: (string);
}

export interface Remote__Output {
  'name': (string);
  'url': (string);
  'protocol': (string);
  'public': (boolean);
  'certificate': (string);
  'token': (string);
  'server_fingerprint': (string);
}
