import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';
import { problemsWithOpenAIAnswer } from './check-openai-error.js';
import { LIMITS } from './malformed-body-cases.js';
import { openaiMalformedBodyCases, openaiPaths, type OpenAIApi, type OpenAIMalformedCase } from './openai-malformed-body-cases.js';
import { sendRawRequest } from './send-raw-request.js';

const SEED = 0x0a1_5eed;
const CONCURRENCY = 8;
// pino's numeric level for `error`: client mistakes must never be logged as Luthien's own failures.
const PINO_ERROR = 50;

let gateway: TestGateway;
let pool: Pool;

beforeAll(async () => {
  gateway = await startTestGateway({
    env: { MAX_REQUEST_BYTES: String(LIMITS.maxRequestBytes), MAX_MESSAGES: String(LIMITS.maxMessages), LOG_LEVEL: 'warn' },
  });
  pool = new Pool(gateway.url, { connections: CONCURRENCY, pipelining: 1 });
});

afterAll(async () => {
  await pool.close();
  await gateway.close();
});

/** Sends every case, a few at a time, and returns a line per case that got a wrong answer. */
async function failuresOf(path: string, cases: readonly OpenAIMalformedCase[]): Promise<string[]> {
  const failures: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < cases.length) {
      const index = next++;
      const testCase = cases[index];
      if (testCase === undefined) continue;
      try {
        const problems = problemsWithOpenAIAnswer(testCase, await sendRawRequest(pool, path, testCase.body, testCase));
        for (const problem of problems) failures.push(`#${index} ${testCase.name}: ${problem}`);
      } catch (error) {
        failures.push(`#${index} ${testCase.name}: request failed: ${String(error)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return failures;
}

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
    const before = gateway.upstream.requests.length;
    expect(await failuresOf(path, cases)).toEqual([]);
    expect(gateway.upstream.requests).toHaveLength(before);
    expect(gateway.logs.filter((line) => typeof line.level === 'number' && line.level >= PINO_ERROR)).toEqual([]);
  });

  it('names the problem in the message', async () => {
    const answer = await sendRawRequest(pool, path, Buffer.from(problemNamed[api].body), { contentType: 'application/json' });
    const body = JSON.parse(answer.text) as { error: { type: string; message: string; code: unknown } };

    expect(answer.status).toBe(400);
    expect(body.error).toMatchObject({ type: 'invalid_request_error', code: null });
    expect(body.error.message).toContain(problemNamed[api].field);
  });

  it('still serves a valid request afterwards', async () => {
    const before = gateway.upstream.requests.length;
    const answer = await sendRawRequest(pool, path, Buffer.from(JSON.stringify(validRequests[api].body)), { contentType: 'application/json' });

    expect(answer.status).toBe(200);
    expect(validRequests[api].text(JSON.parse(answer.text) as Record<string, unknown>)).toBe('word1 word2 word3');
    expect(gateway.upstream.requests).toHaveLength(before + 1);
  });
});
