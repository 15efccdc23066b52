import type { ErrorKind } from '../../core/error-kind.js';

/** @see https://docs.anthropic.com/en/api/errors */
const typeByKind: Readonly<Record<Exclude<ErrorKind, `other:${string}`>, string>> = {
  'invalid-request': 'invalid_request_error',
  authentication: 'authentication_error',
  permission: 'permission_error',
  'not-found': 'not_found_error',
  'request-too-large': 'request_too_large',
  'rate-limit': 'rate_limit_error',
  'api-error': 'api_error',
  overloaded: 'overloaded_error',
  timeout: 'timeout_error',
  'bad-gateway': 'api_error',
};

const kindByType: Readonly<Record<string, ErrorKind>> = {
  invalid_request_error: 'invalid-request',
  authentication_error: 'authentication',
  permission_error: 'permission',
  not_found_error: 'not-found',
  request_too_large: 'request-too-large',
  rate_limit_error: 'rate-limit',
  api_error: 'api-error',
  overloaded_error: 'overloaded',
  timeout_error: 'timeout',
};

/** HTTP status the Anthropic API uses for each error type; used when an error arrives inside a 200 stream. */
const statusByType: Readonly<Record<string, number>> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

export function anthropicErrorType(kind: ErrorKind): string {
  return kind.startsWith('other:') ? kind.slice('other:'.length) : typeByKind[kind as keyof typeof typeByKind];
}

export function errorKindFromAnthropic(type: unknown): ErrorKind {
  if (typeof type !== 'string') return 'api-error';
  return kindByType[type] ?? `other:${type}`;
}

export function anthropicStatusForType(type: string): number {
  return statusByType[type] ?? 500;
}

/** The Anthropic error body: `{"type":"error","error":{"type":…,"message":…}}`. */
export function anthropicErrorBody(kind: ErrorKind, message: string): string {
  return JSON.stringify({ type: 'error', error: { type: anthropicErrorType(kind), message } });
}
