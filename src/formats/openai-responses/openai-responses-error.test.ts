import { describe, expect, it } from 'vitest';
import { errorKindFromResponses, responsesErrorBody, responsesStatusForKind } from './openai-responses-error.js';

describe('Responses errors', () => {
  it('have the OpenAI body shape', () => {
    expect(JSON.parse(responsesErrorBody('invalid-request', 'input.0.content: expected string or array'))).toEqual({
      error: { message: 'input.0.content: expected string or array', type: 'invalid_request_error', param: null, code: null },
    });
    expect(JSON.parse(responsesErrorBody('rate-limit', 'Please try again in 2s.'))).toEqual({
      error: { message: 'Please try again in 2s.', type: 'requests', param: null, code: 'rate_limit_exceeded' },
    });
    expect(JSON.parse(responsesErrorBody('other:context_length_exceeded', 'too long'))).toMatchObject({ error: { code: 'context_length_exceeded' } });
  });

  it('map kinds to statuses and upstream errors to kinds', () => {
    expect(['invalid-request', 'authentication', 'permission', 'not-found', 'request-too-large', 'rate-limit', 'api-error', 'overloaded', 'timeout', 'bad-gateway'].map((kind) => responsesStatusForKind(kind as never))).toEqual([
      400, 401, 403, 404, 413, 429, 500, 503, 504, 502,
    ]);
    expect(responsesStatusForKind('other:teapot')).toBe(500);
    expect(errorKindFromResponses({ code: 'rate_limit_exceeded', type: 'tokens' })).toBe('rate-limit');
    expect(errorKindFromResponses({ code: 'context_length_exceeded', type: 'invalid_request_error' })).toBe('invalid-request');
    expect(errorKindFromResponses({ code: null, type: 'server_error' })).toBe('api-error');
    expect(errorKindFromResponses({ code: 'brand_new_code' })).toBe('other:brand_new_code');
    expect(errorKindFromResponses({})).toBe('api-error');
  });
});
