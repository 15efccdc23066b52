import { describe, expect, it } from 'vitest';
import type { ErrorKind } from '../../core/error-kind.js';
import { errorKindFromOpenAI, errorObjectOf, openaiErrorBody, openaiErrorStatus } from './openai-error.js';

describe('OpenAI errors', () => {
  it('are written as {"error":{message,type,param,code}}', () => {
    expect(JSON.parse(openaiErrorBody('authentication', 'Invalid proxy key'))).toEqual({
      error: { message: 'Invalid proxy key', type: 'invalid_request_error', param: null, code: 'invalid_api_key' },
    });
    expect(JSON.parse(openaiErrorBody('invalid-request', 'input.0.content: expected string or array'))).toEqual({
      error: { message: 'input.0.content: expected string or array', type: 'invalid_request_error', param: null, code: null },
    });
  });

  it.each<[ErrorKind, string, string | null, number]>([
    ['invalid-request', 'invalid_request_error', null, 400],
    ['authentication', 'invalid_request_error', 'invalid_api_key', 401],
    ['permission', 'invalid_request_error', 'permission_denied', 403],
    ['not-found', 'invalid_request_error', 'not_found', 404],
    ['request-too-large', 'invalid_request_error', 'request_too_large', 413],
    ['rate-limit', 'requests', 'rate_limit_exceeded', 429],
    ['api-error', 'server_error', 'server_error', 500],
    ['overloaded', 'server_error', 'server_is_overloaded', 503],
    ['timeout', 'server_error', 'timeout', 504],
    ['bad-gateway', 'server_error', 'bad_gateway', 502],
    ['other:billing_error', 'billing_error', null, 500],
  ])('%s is type %s, code %s, status %i, and reads back as itself', (kind, type, code, status) => {
    const { error } = JSON.parse(openaiErrorBody(kind, 'm')) as { error: { type: string; code: string | null } };
    expect([error.type, error.code]).toEqual([type, code]);
    expect(openaiErrorStatus(kind)).toBe(status);
    expect(errorKindFromOpenAI(error)).toBe(kind);
  });

  it('reads upstream errors by code first, then type', () => {
    expect(errorKindFromOpenAI({ type: 'invalid_request_error', code: 'invalid_api_key' })).toBe('authentication');
    expect(errorKindFromOpenAI({ type: 'insufficient_quota', code: 'insufficient_quota' })).toBe('rate-limit');
    expect(errorKindFromOpenAI({ code: 'rate_limit_exceeded', type: 'tokens' })).toBe('rate-limit');
    expect(errorKindFromOpenAI({ code: 'context_length_exceeded', type: 'invalid_request_error' })).toBe('invalid-request');
    expect(errorKindFromOpenAI({ type: 'server_error', code: null })).toBe('api-error');
    expect(errorKindFromOpenAI({ type: 'authentication_error' })).toBe('authentication');
    expect(errorKindFromOpenAI({ code: 'brand_new_code' })).toBe('other:brand_new_code');
    expect(errorKindFromOpenAI({ message: 'no type' })).toBe('api-error');
  });

  it('finds the error object nested or not', () => {
    expect(errorObjectOf({ type: 'error', error: { code: 'x' } })).toEqual({ code: 'x' });
    expect(errorObjectOf({ type: 'error', code: 'x' })).toEqual({ type: 'error', code: 'x' });
  });

  it('takes a status from error.code when a compatible server puts one there', () => {
    expect(openaiErrorStatus('api-error', { code: 429, message: 'Rate limited' })).toBe(429);
    expect(openaiErrorStatus('api-error', { code: 'oops' })).toBe(500);
  });
});
