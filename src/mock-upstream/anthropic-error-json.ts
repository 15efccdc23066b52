/** Error type and message the Anthropic API uses for each status, so clients classify errors as they would live. */
const ERRORS_BY_STATUS: ReadonlyMap<number, { readonly type: string; readonly message: string }> = new Map([
  [400, { type: 'invalid_request_error', message: 'Invalid request (scripted by the mock upstream)' }],
  [401, { type: 'authentication_error', message: 'invalid x-api-key' }],
  [403, { type: 'permission_error', message: 'Your API key does not have permission to use the specified resource.' }],
  [404, { type: 'not_found_error', message: 'Not found' }],
  [413, { type: 'request_too_large', message: 'Request exceeds the maximum allowed number of bytes.' }],
  [429, { type: 'rate_limit_error', message: 'Number of requests has exceeded your rate limit (scripted by the mock upstream)' }],
  [500, { type: 'api_error', message: 'Internal server error' }],
  [529, { type: 'overloaded_error', message: 'Overloaded' }],
]);

/** The API's error envelope. `message` overrides the stock text when the caller knows better. */
export function anthropicErrorJson(status: number, message?: string): string {
  const known = ERRORS_BY_STATUS.get(status);
  return JSON.stringify({
    type: 'error',
    error: { type: known?.type ?? 'api_error', message: message ?? known?.message ?? `Error ${status}` },
  });
}
