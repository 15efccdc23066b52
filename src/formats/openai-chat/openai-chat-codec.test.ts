import { describe, expect, it } from 'vitest';
import { openaiChatCodec } from './openai-chat-codec.js';

describe('openaiChatCodec', () => {
  it('speaks openai-chat end to end: request, stream, body and errors', () => {
    expect(openaiChatCodec.format).toBe('openai-chat');
    const request = openaiChatCodec.parseRequest(Buffer.from('{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"stream":true}'), { maxMessages: 10 });
    expect(request).toMatchObject({ format: 'openai-chat', model: 'gpt-4o', stream: true });

    const stream = 'data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n';
    const decoder = openaiChatCodec.createDecoder();
    const invariants = openaiChatCodec.createInvariants({ id: 'x', model: 'm' });
    const encoder = openaiChatCodec.createEncoder();
    const out = decoder.push(Buffer.from(stream)).flatMap((part) => invariants.apply(part)).map((part) => encoder.encode(part)).join('') + encoder.flush();
    expect(out).toBe(stream);
    expect(invariants.isEnded).toBe(true);

    const body = { id: 'c1', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }] };
    expect(openaiChatCodec.foldResponse(openaiChatCodec.decodeResponse(body))).toEqual(body);

    expect(JSON.parse(openaiChatCodec.errorBody('rate-limit', 'slow down'))).toEqual({ error: { message: 'slow down', type: 'requests', param: null, code: 'rate_limit_exceeded' } });
    expect(openaiChatCodec.errorStatus({ type: 'error', kind: 'overloaded', message: 'busy' })).toBe(503);
  });
});
