// Original file: corral/v1/operations.proto


// Original file: corral/v1/operations.proto

export const _corral_v1_Operation_Status = {
  STATUS_UNSPECIFIED: 'STATUS_UNSPECIFIED',
  PENDING: 'PENDING',
  RUNNING: 'RUNNING',
  SUCCESS: 'SUCCESS',
  FAILURE: 'FAILURE',
  CANCELLED: 'CANCELLED',
} as const;

export type _corral_v1_Operation_Status =
  | 'STATUS_UNSPECIFIED'
  | 0
  | 'PENDING'
  | 1
  | 'RUNNING'
  | 2
  | 'SUCCESS'
  | 3
  | 'FAILURE'
  | 4
  | 'CANCELLED'
  | 5

export type _corral_v1_Operation_Status__Output = typeof _corral_v1_Operation_Status[keyof typeof _corral_v1_Operation_Status]

export interface Operation {
  'id'?: (string);
  'kind'?: (string);
  'resource'?: (string);
  'status'?: (_corral_v1_Operation_Status);
  'stage'?: (string);
  'percent'?: (number | string);
  'error_code'?: (number);
  'error_message'?: (string);
  'created_at'?: (string);
  'updated_at'?: (string);
  'cancellable'?: (boolean);
}

export interface Operation__Output {
  'id': (string);
  'kind': (string);
  'resource': (string);
  'status': (_corral_v1_Operation_Status__Output);
  'stage': (string);
  'percent': (number);
  'error_code': (number);
  'error_message': (string);
  'created_at': (string);
  'updated_at': (string);
  'cancellable': (boolean);
}
