import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';
import { problemsWithAnswer } from './check-anthropic-error.js';
import type { MalformedCase } from './malformed-body-cases.js';
import { sendRawRequest } from './send-raw-request.js';

// Far deeper than any recursive parser or validator survives on a default stack.
const ARRAY_DEPTH = 200_000;
const OBJECT_DEPTH = 100_000;

let gateway: TestGateway;
let pool: Pool;

beforeAll(async () => {
  // The default byte limit (10 MB), so nesting depth rather than size is what is tested.
  gateway = await startTestGateway({ env: { LOG_LEVEL: 'warn' } });
  pool = new Pool(gateway.url, { connections: 1 });
});

afterAll(async () => {
  await pool.close();
  await gateway.close();
});

const arrays = `${'['.repeat(ARRAY_DEPTH)}${']'.repeat(ARRAY_DEPTH)}`;
const objects = `${'{"a":'.repeat(OBJECT_DEPTH)}1${'}'.repeat(OBJECT_DEPTH)}`;
const invalid = { contentType: 'application/json', status: 400, errorType: 'invalid_request_error' } as const;

function nestedCase(name: string, body: string, mentions?: string[]): MalformedCase {
  return { name, body: Buffer.from(body), ...invalid, ...(mentions === undefined ? {} : { mentions }) };
}

const cases: MalformedCase[] = [
  nestedCase('arrays as messages', `{"model":"m","max_tokens":1,"messages":${arrays}}`, ['messages.0']),
  nestedCase('objects as a content block', `{"model":"m","max_tokens":1,"messages":[{"role":"user","content":[${objects}]}]}`, ['messages.0.content']),
  nestedCase('arrays in an unknown field, no max_tokens', `{"model":"m","messages":[],"extra":${arrays}}`, ['max_tokens']),
  nestedCase('objects, never closed', `{"model":"m","max_tokens":1,"messages":${objects.slice(0, objects.length / 2)}`),
];

describe('deeply nested bodies', () => {
  it.each(cases)('answers $name with a 400 naming the problem', async (testCase) => {
    const answer = await sendRawRequest(pool, '/v1/messages', testCase.body, testCase);

    expect(problemsWithAnswer(testCase, answer)).toEqual([]);
  });

  it('leaves the gateway serving, without having called upstream', async () => {
    const body = Buffer.from(JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 16, messages: [{ role: 'user', content: 'hello' }] }));
    const answer = await sendRawRequest(pool, '/v1/messages', body, { contentType: 'application/json' });

    expect(answer.status).toBe(200);
    expect(gateway.upstream.requests).toHaveLength(1);
  });
});
