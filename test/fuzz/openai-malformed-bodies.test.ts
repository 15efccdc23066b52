import { describe, expect, it } from 'vitest';
import { problemsWithOpenAIAnswer } from './check-openai-error.js';
import { useFuzzGateway } from './fuzz-gateway.js';
import { openaiMalformedBodyCases, openaiPaths, type OpenAIApi } from './openai-malformed-body-cases.js';
import { sendRawRequest } from './send-raw-request.js';

const SEED = 0x0a1_5eed;

const fuzz = useFuzzGateway();

/** A valid request for each route, and the text the scripted upstream answers it with. */
const validRequests: Readonly<Record<OpenAIApi, { body: object; text: (answer: Record<string, unknown>) => unknown }>> = {
  chat: {
    body: { model: 'gpt-5', messages: [{ role: 'user', content: 'mock:text:3' }] },
    text: (answer) => (answer.choices as { message: { content: unknown } }[] | undefined)?.[0]?.message.content,
  },
  responses: {
    body: { model: 'gpt-5', input: 'mock:text:3' },
    text: (answer) => (answer.output as { content?: { text: unknown }[] }[] | undefined)?.[0]?.content?.[0]?.text,
  },
};

const problemNamed: Readonly<Record<OpenAIApi, { body: string; field: string }>> = {
  chat: { body: '{"model":"gpt-5"}', field: 'messages' },
  responses: { body: '{"model":"gpt-5","input":[{"role":"user","content":5}]}', field: 'input.0.content' },
};

describe.each(['chat', 'responses'] as const)('malformed bodies on POST %s', (api) => {
  const path = openaiPaths[api];
  const cases = openaiMalformedBodyCases(api, SEED);

  it('generates a few hundred cases, the same ones for the same seed', () => {
    expect(cases.length).toBeGreaterThanOrEqual(250);
    expect(openaiMalformedBodyCases(api, SEED).map((testCase) => testCase.body.toString('base64'))).toEqual(cases.map((testCase) => testCase.body.toString('base64')));
  });

  it("answers every one with a well-formed 4xx in OpenAI's error shape, without calling upstream", async () => {
    const before = fuzz.gateway.upstream.requests.length;
    expect(await fuzz.failuresOf(path, cases, problemsWithOpenAIAnswer)).toEqual([]);
    expect(fuzz.gateway.upstream.requests).toHaveLength(before);
    expect(fuzz.errorLogs()).toEqual([]);
  });

  it('names the problem in the message', async () => {
    const answer = await sendRawRequest(fuzz.pool, path, Buffer.from(problemNamed[api].body), { contentType: 'application/json' });
    const body = JSON.parse(answer.text) as { error: { type: string; message: string; code: unknown } };

    expect(answer.status).toBe(400);
    expect(body.error).toMatchObject({ type: 'invalid_request_error', code: null });
    expect(body.error.message).toContain(problemNamed[api].field);
  });

  it('still serves a valid request afterwards', async () => {
    const before = fuzz.gateway.upstream.requests.length;
    const answer = await sendRawRequest(fuzz.pool, path, Buffer.from(JSON.stringify(validRequests[api].body)), { contentType: 'application/json' });

    expect(answer.status).toBe(200);
    expect(validRequests[api].text(JSON.parse(answer.text) as Record<string, unknown>)).toBe('word1 word2 word3');
    expect(fuzz.gateway.upstream.requests).toHaveLength(before + 1);
  });
});
