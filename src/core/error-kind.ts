/**
 * The kinds of error every format can express. Each format maps them to its own error type
 * (Anthropic `overloaded_error`, OpenAI `server_error`, …) and HTTP status.
 */
export type ErrorKind =
  | 'invalid-request'
  | 'authentication'
  | 'permission'
  | 'not-found'
  | 'request-too-large'
  | 'rate-limit'
  | 'api-error'
  | 'overloaded'
  | 'timeout'
  | 'bad-gateway'
  | `other:${string}`;
