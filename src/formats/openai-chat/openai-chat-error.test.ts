import { describe, expect, it } from 'vitest';
import type { ErrorKind } from '../../core/error-kind.js';
import { errorKindFromOpenAI, openaiChatErrorBody, openaiChatErrorStatus } from './openai-chat-error.js';

describe('OpenAI error shape', () => {
  it('writes {"error":{message,type,param,code}}', () => {
    expect(JSON.parse(openaiChatErrorBody('authentication', 'Invalid proxy key'))).toEqual({
      error: { message: 'Invalid proxy key', type: 'authentication_error', param: null, code: 'invalid_api_key' },
    });
  });

  it.each<[ErrorKind, string, string | null, number]>([
    ['invalid-request', 'invalid_request_error', null, 400],
    ['authentication', 'authentication_error', 'invalid_api_key', 401],
    ['permission', 'permission_error', null, 403],
    ['not-found', 'not_found_error', null, 404],
    ['request-too-large', 'invalid_request_error', 'request_too_large', 413],
    ['rate-limit', 'rate_limit_error', 'rate_limit_exceeded', 429],
    ['api-error', 'server_error', null, 500],
    ['overloaded', 'server_error', 'server_is_overloaded', 503],
    ['timeout', 'server_error', 'timeout', 504],
    ['bad-gateway', 'server_error', 'bad_gateway', 502],
    ['other:billing_error', 'billing_error', null, 500],
  ])('%s is type %s, code %s, status %i, and reads back as itself', (kind, type, code, status) => {
    const { error } = JSON.parse(openaiChatErrorBody(kind, 'm')) as { error: { type: string; code: string | null } };
    expect([error.type, error.code]).toEqual([type, code]);
    expect(openaiChatErrorStatus(kind)).toBe(status);
    expect(errorKindFromOpenAI(error)).toBe(kind);
  });

  it('reads upstream errors by code first, then type', () => {
    expect(errorKindFromOpenAI({ type: 'invalid_request_error', code: 'invalid_api_key' })).toBe('authentication');
    expect(errorKindFromOpenAI({ type: 'insufficient_quota', code: 'insufficient_quota' })).toBe('rate-limit');
    expect(errorKindFromOpenAI({ type: 'server_error', code: null })).toBe('api-error');
    expect(errorKindFromOpenAI({ message: 'no type' })).toBe('api-error');
  });

  it('takes a status from error.code when a compatible server puts one there', () => {
    expect(openaiChatErrorStatus('api-error', { error: { code: 429, message: 'Rate limited' } })).toBe(429);
    expect(openaiChatErrorStatus('api-error', { error: { code: 'oops' } })).toBe(500);
  });
});
