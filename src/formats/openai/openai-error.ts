import type { ErrorKind } from '../../core/error-kind.js';
import { isJsonObject, type JsonObject } from '../../core/json.js';

interface OpenAIErrorShape {
  readonly type: string;
  readonly code: string | null;
  readonly status: number;
}

/**
 * The OpenAI error type, code and HTTP status for each neutral kind, as the API writes them (a bad key
 * is an `invalid_request_error` with code `invalid_api_key`; a rate limit has type `requests` or
 * `tokens`). Clients branch on the status and on `code` (Codex retries `rate_limit_exceeded` after the
 * delay named in the message). Both OpenAI formats share it.
 *
 * @see https://platform.openai.com/docs/guides/error-codes
 */
const shapeByKind: Readonly<Record<Exclude<ErrorKind, `other:${string}`>, OpenAIErrorShape>> = {
  'invalid-request': { type: 'invalid_request_error', code: null, status: 400 },
  authentication: { type: 'invalid_request_error', code: 'invalid_api_key', status: 401 },
  permission: { type: 'invalid_request_error', code: 'permission_denied', status: 403 },
  'not-found': { type: 'invalid_request_error', code: 'not_found', status: 404 },
  'request-too-large': { type: 'invalid_request_error', code: 'request_too_large', status: 413 },
  'rate-limit': { type: 'requests', code: 'rate_limit_exceeded', status: 429 },
  'api-error': { type: 'server_error', code: 'server_error', status: 500 },
  overloaded: { type: 'server_error', code: 'server_is_overloaded', status: 503 },
  timeout: { type: 'server_error', code: 'timeout', status: 504 },
  'bad-gateway': { type: 'server_error', code: 'bad_gateway', status: 502 },
};

/** Codes say more than types (`invalid_api_key` comes as an `invalid_request_error`), so they are read first. */
const kindByCode: Readonly<Record<string, ErrorKind>> = {
  invalid_api_key: 'authentication',
  permission_denied: 'permission',
  rate_limit_exceeded: 'rate-limit',
  insufficient_quota: 'rate-limit',
  slow_down: 'rate-limit',
  model_not_found: 'not-found',
  not_found: 'not-found',
  context_length_exceeded: 'invalid-request',
  invalid_prompt: 'invalid-request',
  request_too_large: 'request-too-large',
  server_error: 'api-error',
  server_is_overloaded: 'overloaded',
  timeout: 'timeout',
  bad_gateway: 'bad-gateway',
};

const kindByType: Readonly<Record<string, ErrorKind>> = {
  invalid_request_error: 'invalid-request',
  authentication_error: 'authentication',
  permission_error: 'permission',
  not_found_error: 'not-found',
  rate_limit_error: 'rate-limit',
  insufficient_quota: 'rate-limit',
  requests: 'rate-limit',
  tokens: 'rate-limit',
  server_error: 'api-error',
  api_error: 'api-error',
  service_unavailable_error: 'overloaded',
  overloaded_error: 'overloaded',
  timeout_error: 'timeout',
};

export function openaiErrorShape(kind: ErrorKind): OpenAIErrorShape {
  if (kind.startsWith('other:')) return { type: kind.slice('other:'.length), code: null, status: 500 };
  return shapeByKind[kind as keyof typeof shapeByKind];
}

/** The `error` object for a kind: `{message, type, param, code}`. */
export function openaiErrorObject(kind: ErrorKind, message: string): JsonObject {
  const { type, code } = openaiErrorShape(kind);
  return { message, type, param: null, code };
}

/** The OpenAI error body: `{"error":{"message":…,"type":…,"param":null,"code":…}}`. */
export function openaiErrorBody(kind: ErrorKind, message: string): string {
  return JSON.stringify({ error: openaiErrorObject(kind, message) });
}

/** The neutral kind of an OpenAI error object: its code first, then its type. */
export function errorKindFromOpenAI(error: JsonObject): ErrorKind {
  const code = typeof error.code === 'string' ? error.code : undefined;
  const type = typeof error.type === 'string' ? error.type : undefined;
  const known = (code === undefined ? undefined : kindByCode[code]) ?? (type === undefined ? undefined : kindByType[type]);
  if (known !== undefined) return known;
  const name = code ?? type;
  return name === undefined || name === 'error' ? 'api-error' : `other:${name}`;
}

/** The error object inside an event: the event itself, or its nested `error` (some servers nest it). */
export function errorObjectOf(data: JsonObject): JsonObject {
  return isJsonObject(data.error) ? data.error : data;
}

/**
 * The HTTP status for an error that arrived inside a stream before any content. Some compatible
 * servers (OpenRouter) put the status itself in `error.code`; that wins when it is one.
 */
export function openaiErrorStatus(kind: ErrorKind, error?: JsonObject): number {
  const code = error?.code;
  if (typeof code === 'number' && Number.isInteger(code) && code >= 400 && code <= 599) return code;
  return openaiErrorShape(kind).status;
}
