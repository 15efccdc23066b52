import { describe, expect, it } from 'vitest';
import { problemsWithAnswer } from './check-anthropic-error.js';
import { useFuzzGateway } from './fuzz-gateway.js';
import { malformedBodyCases } from './malformed-body-cases.js';
import { sendRawRequest } from './send-raw-request.js';

const SEED = 0x5eed_1234;

const fuzz = useFuzzGateway();

describe('malformed bodies on POST /v1/messages', () => {
  const cases = malformedBodyCases(SEED);

  it('generates a few hundred cases, the same ones for the same seed', () => {
    expect(cases.length).toBeGreaterThanOrEqual(250);
    expect(malformedBodyCases(SEED).map((testCase) => testCase.body.toString('base64'))).toEqual(cases.map((testCase) => testCase.body.toString('base64')));
  });

  it('answers every one with a well-formed Anthropic 4xx error, without calling upstream', async () => {
    expect(await fuzz.failuresOf('/v1/messages', cases, problemsWithAnswer)).toEqual([]);
    expect(fuzz.gateway.upstream.requests).toHaveLength(0);
    expect(fuzz.errorLogs()).toEqual([]);
  });

  it('names the problem in the message', async () => {
    const answer = await sendRawRequest(fuzz.pool, '/v1/messages', Buffer.from('{"model":"m","messages":[]}'), { contentType: 'application/json' });
    const body = JSON.parse(answer.text) as { error: { type: string; message: string } };

    expect(answer.status).toBe(400);
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toMatch(/max_tokens/);
  });

  it('still serves a valid request afterwards', async () => {
    const body = Buffer.from(JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 16, messages: [{ role: 'user', content: 'mock:text:3' }] }));
    const answer = await sendRawRequest(fuzz.pool, '/v1/messages', body, { contentType: 'application/json' });

    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({ type: 'message', content: [{ type: 'text', text: 'word1 word2 word3' }] });
    expect(fuzz.gateway.upstream.requests).toHaveLength(1);
  });
});
