import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';
import { problemsWithAnswer } from './check-anthropic-error.js';
import { LIMITS, malformedBodyCases, type MalformedCase } from './malformed-body-cases.js';
import { sendRawRequest } from './send-raw-request.js';

const SEED = 0x5eed_1234;
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

async function send(testCase: MalformedCase): ReturnType<typeof sendRawRequest> {
  return sendRawRequest(pool, '/v1/messages', testCase.body, testCase);
}

/** Sends every case, a few at a time, and returns a line per case that got a wrong answer. */
async function failuresOf(cases: readonly MalformedCase[]): Promise<string[]> {
  const failures: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < cases.length) {
      const index = next++;
      const testCase = cases[index];
      if (testCase === undefined) continue;
      try {
        const problems = problemsWithAnswer(testCase, await send(testCase));
        for (const problem of problems) failures.push(`#${index} ${testCase.name}: ${problem}`);
      } catch (error) {
        failures.push(`#${index} ${testCase.name}: request failed: ${String(error)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return failures;
}

describe('malformed bodies on POST /v1/messages', () => {
  const cases = malformedBodyCases(SEED);

  it('generates a few hundred cases, the same ones for the same seed', () => {
    expect(cases.length).toBeGreaterThanOrEqual(250);
    expect(malformedBodyCases(SEED).map((testCase) => testCase.body.toString('base64'))).toEqual(cases.map((testCase) => testCase.body.toString('base64')));
  });

  it('answers every one with a well-formed Anthropic 4xx error, without calling upstream', async () => {
    expect(await failuresOf(cases)).toEqual([]);
    expect(gateway.upstream.requests).toHaveLength(0);
    expect(gateway.logs.filter((line) => typeof line.level === 'number' && line.level >= PINO_ERROR)).toEqual([]);
  });

  it('names the problem in the message', async () => {
    const answer = await send({ name: 'no max_tokens', body: Buffer.from('{"model":"m","messages":[]}'), contentType: 'application/json' });
    const body = JSON.parse(answer.text) as { error: { type: string; message: string } };

    expect(answer.status).toBe(400);
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toMatch(/max_tokens/);
  });

  it('still serves a valid request afterwards', async () => {
    const body = Buffer.from(JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 16, messages: [{ role: 'user', content: 'mock:text:3' }] }));
    const answer = await sendRawRequest(pool, '/v1/messages', body, { contentType: 'application/json' });

    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({ type: 'message', content: [{ type: 'text', text: 'word1 word2 word3' }] });
    expect(gateway.upstream.requests).toHaveLength(1);
  });
});
