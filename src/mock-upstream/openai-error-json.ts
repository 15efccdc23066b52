/** OpenAI's error object: every field present, `param` and `code` null when they do not apply. */
export interface OpenAIErrorObject {
  readonly message: string;
  readonly type: string;
  readonly param: string | null;
  readonly code: string | null;
}

/**
 * Type, code and message OpenAI uses for each status, so clients classify errors as they would live
 * (Codex branches on `code`, and reads the delay out of a rate-limit message).
 */
const ERRORS_BY_STATUS: ReadonlyMap<number, Omit<OpenAIErrorObject, 'param'>> = new Map([
  [400, { type: 'invalid_request_error', code: null, message: 'Invalid request (scripted by the mock upstream).' }],
  [
    401,
    {
      type: 'invalid_request_error',
      code: 'invalid_api_key',
      message: 'Incorrect API key provided: invalid-key. You can find your API key at https://platform.openai.com/account/api-keys.',
    },
  ],
  [403, { type: 'invalid_request_error', code: 'permission_denied', message: 'You are not allowed to use this resource.' }],
  [
    404,
    { type: 'invalid_request_error', code: 'model_not_found', message: 'The model `mock` does not exist or you do not have access to it.' },
  ],
  [413, { type: 'invalid_request_error', code: 'request_too_large', message: 'Request too large (scripted by the mock upstream).' }],
  [
    429,
    {
      type: 'requests',
      code: 'rate_limit_exceeded',
      message: 'Rate limit reached for requests per min (RPM) (scripted by the mock upstream). Please try again in 7s.',
    },
  ],
  [500, { type: 'server_error', code: 'server_error', message: 'The server had an error while processing your request. Sorry about that!' }],
  [502, { type: 'server_error', code: 'bad_gateway', message: 'Bad gateway.' }],
  [
    503,
    {
      type: 'server_error',
      code: 'server_is_overloaded',
      message: 'The server is overloaded or not ready yet. Please retry your request after a brief wait.',
    },
  ],
  [504, { type: 'server_error', code: 'timeout', message: 'Request timed out.' }],
]);

/** The error object for a status; `overrides` replace stock fields when the caller knows better. */
export function openaiErrorObject(status: number, overrides: Partial<OpenAIErrorObject> = {}): OpenAIErrorObject {
  const known = ERRORS_BY_STATUS.get(status);
  return {
    message: overrides.message ?? known?.message ?? `Error ${status} (scripted by the mock upstream).`,
    type: overrides.type ?? known?.type ?? (status >= 500 ? 'server_error' : 'invalid_request_error'),
    param: overrides.param ?? null,
    code: overrides.code !== undefined ? overrides.code : (known?.code ?? null),
  };
}

/** The HTTP error body: `{"error":{"message","type","param","code"}}`. */
export function openaiErrorJson(status: number, overrides: Partial<OpenAIErrorObject> = {}): string {
  return JSON.stringify({ error: openaiErrorObject(status, overrides) });
}
