import type { ErrorKind } from '../../core/error-kind.js';
import { isJsonObject, type JsonObject } from '../../core/json.js';

interface OpenAIErrorShape {
  readonly type: string;
  readonly code: string | null;
  readonly status: number;
}

/**
 * How each kind reads in OpenAI's error object, and the status the API answers with.
 *
 * @see https://platform.openai.com/docs/guides/error-codes
 */
const shapeByKind: Readonly<Record<Exclude<ErrorKind, `other:${string}`>, OpenAIErrorShape>> = {
  'invalid-request': { type: 'invalid_request_error', code: null, status: 400 },
  authentication: { type: 'authentication_error', code: 'invalid_api_key', status: 401 },
  permission: { type: 'permission_error', code: null, status: 403 },
  'not-found': { type: 'not_found_error', code: null, status: 404 },
  'request-too-large': { type: 'invalid_request_error', code: 'request_too_large', status: 413 },
  'rate-limit': { type: 'rate_limit_error', code: 'rate_limit_exceeded', status: 429 },
  'api-error': { type: 'server_error', code: null, status: 500 },
  overloaded: { type: 'server_error', code: 'server_is_overloaded', status: 503 },
  timeout: { type: 'server_error', code: 'timeout', status: 504 },
  'bad-gateway': { type: 'server_error', code: 'bad_gateway', status: 502 },
};

/** Codes say more than types in OpenAI errors (`invalid_api_key` comes as an `invalid_request_error`). */
const kindByCode: Readonly<Record<string, ErrorKind>> = {
  invalid_api_key: 'authentication',
  rate_limit_exceeded: 'rate-limit',
  insufficient_quota: 'rate-limit',
  model_not_found: 'not-found',
  server_is_overloaded: 'overloaded',
  slow_down: 'rate-limit',
  request_too_large: 'request-too-large',
  context_length_exceeded: 'invalid-request',
  // Ours (see shapeByKind), so our own errors read back as what they were.
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

function shapeOf(kind: ErrorKind): OpenAIErrorShape {
  if (kind.startsWith('other:')) return { type: kind.slice('other:'.length), code: null, status: 500 };
  return shapeByKind[kind as keyof typeof shapeByKind];
}

/** The `error` object for a kind: `{message, type, param, code}`. */
export function openaiErrorObject(kind: ErrorKind, message: string): JsonObject {
  const { type, code } = shapeOf(kind);
  return { message, type, param: null, code };
}

/** The OpenAI error body: `{"error":{"message":…,"type":…,"param":null,"code":…}}`. */
export function openaiChatErrorBody(kind: ErrorKind, message: string): string {
  return JSON.stringify({ error: openaiErrorObject(kind, message) });
}

/** The neutral kind of an OpenAI `error` object (its code first, then its type). */
export function errorKindFromOpenAI(error: JsonObject): ErrorKind {
  const byCode = typeof error.code === 'string' ? kindByCode[error.code] : undefined;
  if (byCode !== undefined) return byCode;
  if (typeof error.type !== 'string') return 'api-error';
  return kindByType[error.type] ?? `other:${error.type}`;
}

/**
 * The HTTP status for an error that arrived inside a stream before any content. Some compatible
 * servers (OpenRouter) put the status itself in `error.code`; that wins when it is one.
 */
export function openaiChatErrorStatus(kind: ErrorKind, data?: JsonObject): number {
  const error = isJsonObject(data?.error) ? data.error : undefined;
  const code = error?.code;
  if (typeof code === 'number' && Number.isInteger(code) && code >= 400 && code <= 599) return code;
  return shapeOf(kind).status;
}
