import type { ErrorKind } from '../../core/error-kind.js';
import { isJsonObject, type JsonObject } from '../../core/json.js';

interface ErrorShape {
  readonly type: string;
  readonly code: string | null;
  readonly status: number;
}

/**
 * OpenAI error types and codes for each neutral kind. Clients branch on `code` (Codex retries
 * `rate_limit_exceeded` after the delay named in the message) and on the HTTP status.
 *
 * @see https://platform.openai.com/docs/guides/error-codes
 */
const shapeByKind: Readonly<Record<Exclude<ErrorKind, `other:${string}`>, ErrorShape>> = {
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

const kindByCode: Readonly<Record<string, ErrorKind>> = {
  rate_limit_exceeded: 'rate-limit',
  insufficient_quota: 'rate-limit',
  invalid_api_key: 'authentication',
  permission_denied: 'permission',
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
  requests: 'rate-limit',
  tokens: 'rate-limit',
  server_error: 'api-error',
};

export function responsesErrorShape(kind: ErrorKind): ErrorShape {
  if (kind.startsWith('other:')) return { type: 'server_error', code: kind.slice('other:'.length), status: 500 };
  return shapeByKind[kind as keyof typeof shapeByKind];
}

/** The neutral kind of an OpenAI error object (`{code, type, message}`): the code decides, then the type. */
export function errorKindFromResponses(error: JsonObject): ErrorKind {
  const code = typeof error.code === 'string' ? error.code : undefined;
  const type = typeof error.type === 'string' ? error.type : undefined;
  const known = (code === undefined ? undefined : kindByCode[code]) ?? (type === undefined ? undefined : kindByType[type]);
  if (known !== undefined) return known;
  const name = code ?? type;
  return name === undefined || name === 'error' ? 'api-error' : `other:${name}`;
}

/** The error object inside an `error` event: the event itself, or its nested `error` (some servers nest it). */
export function errorObjectOf(data: JsonObject): JsonObject {
  return isJsonObject(data.error) ? data.error : data;
}

/** The OpenAI error body: `{"error":{"message","type","param":null,"code"}}`. */
export function responsesErrorBody(kind: ErrorKind, message: string): string {
  const { type, code } = responsesErrorShape(kind);
  return JSON.stringify({ error: { message, type, param: null, code } });
}

export function responsesStatusForKind(kind: ErrorKind): number {
  return responsesErrorShape(kind).status;
}
