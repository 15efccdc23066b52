import { describe, expect, it } from 'vitest';
import { ProxyError } from '../../core/proxy-error.js';
import { openaiResponsesCodec } from './openai-responses-codec.js';

describe('openaiResponsesCodec', () => {
  it('puts the format together', () => {
    expect(openaiResponsesCodec.format).toBe('openai-responses');
    const request = openaiResponsesCodec.parseRequest(Buffer.from('{"model":"gpt-5.5","input":"hi","stream":true}'), { maxMessages: 10 });
    expect(ProxyError.isInstance(request) ? request.message : request.lastUserText()).toBe('hi');
    expect(openaiResponsesCodec.errorStatus({ type: 'error', kind: 'overloaded', message: 'busy' })).toBe(503);
    expect(JSON.parse(openaiResponsesCodec.errorBody('authentication', 'no key'))).toEqual({
      error: { message: 'no key', type: 'invalid_request_error', param: null, code: 'invalid_api_key' },
    });
    // Each call gets its own stateful encoder.
    expect(openaiResponsesCodec.createEncoder()).not.toBe(openaiResponsesCodec.createEncoder());
  });
});
