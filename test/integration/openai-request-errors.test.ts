import type { WireFormat } from '../../src/core/wire-format.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';
import { expectValidResponse } from './support/expect-valid-response.js';
import { openaiError, postChat, postResponses, type Exchange } from './support/http-exchange.js';

const MAX_REQUEST_BYTES = 4096;
const MAX_MESSAGES = 5;

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway({ env: { MAX_REQUEST_BYTES: String(MAX_REQUEST_BYTES), MAX_MESSAGES: String(MAX_MESSAGES) } });
});
afterAll(async () => {
  await gateway.close();
});
beforeEach(() => {
  gateway.upstream.clearRequests();
});

const userMessages = (count: number) => Array.from({ length: count }, (_, i) => ({ role: 'user', content: `message ${i}` }));

interface RouteCases {
  readonly route: string;
  readonly format: WireFormat;
  readonly post: (baseUrl: string, body: string, headers?: Record<string, string>) => Promise<Exchange>;
  readonly valid: Record<string, unknown>;
  readonly tooMany: Record<string, unknown>;
  readonly atLimit: Record<string, unknown>;
  /** A case name, a body, and what the error message must mention. */
  readonly invalid: readonly (readonly [string, unknown, RegExp])[];
}

/** Each route with bodies that are wrong in the same ways, in that route's own fields. */
const routes: readonly RouteCases[] = [
  {
    route: '/v1/chat/completions',
    format: 'openai-chat',
    post: postChat,
    valid: { model: 'gpt-5', messages: [{ role: 'user', content: 'hi' }] },
    tooMany: { model: 'gpt-5', messages: userMessages(MAX_MESSAGES + 1) },
    atLimit: { model: 'gpt-5', messages: userMessages(MAX_MESSAGES) },
    invalid: [
      ['model missing', { messages: [{ role: 'user', content: 'hi' }] }, /model/],
      ['messages missing', { model: 'gpt-5' }, /messages/],
      ['model not a string', { model: 5, messages: [{ role: 'user', content: 'hi' }] }, /model/],
      ['messages not an array', { model: 'gpt-5', messages: 'hi' }, /messages/],
      ['a body that is not an object', [1, 2], /invalid request/i],
    ],
  },
  {
    route: '/v1/responses',
    format: 'openai-responses',
    post: postResponses,
    valid: { model: 'gpt-5', input: 'hi' },
    tooMany: { model: 'gpt-5', input: userMessages(MAX_MESSAGES + 1) },
    atLimit: { model: 'gpt-5', input: userMessages(MAX_MESSAGES) },
    // `input` itself is optional in the Responses API (a stored prompt or previous_response_id may stand in).
    invalid: [
      ['model missing', { input: 'hi' }, /model/],
      ['input neither a string nor items', { model: 'gpt-5', input: 42 }, /input/],
      ['a body that is not an object', [1, 2], /invalid request/i],
    ],
  },
];

function expectRefused(response: Exchange, status: number, message: RegExp): void {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  const error = openaiError(response.text).error;
  expect(error.type).toBe('invalid_request_error');
  expect(error.message).toMatch(message);
  expect(gateway.upstream.requests).toHaveLength(0);
}

describe.each(routes)('$route', ({ format, post, valid, tooMany, atLimit, invalid }) => {
  it.each([
    ['a truncated body', '{"model": "gpt-5"'],
    ['an empty body', ''],
    ['a bare word', 'hello'],
  ])('answers 400 in OpenAI shape for %s', async (_case, body) => {
    expectRefused(await post(gateway.url, body), 400, /not valid JSON/);
  });

  it.each([['text/plain'], ['application/x-www-form-urlencoded'], ['multipart/form-data; boundary=x']])('answers 415 for content-type %s', async (type) => {
    const response = await post(gateway.url, JSON.stringify(valid), { 'content-type': type });
    expectRefused(response, 415, /content type/i);
  });

  it('answers 413 for a body over MAX_REQUEST_BYTES, with code request_too_large', async () => {
    const response = await post(gateway.url, JSON.stringify({ ...valid, padding: 'x'.repeat(MAX_REQUEST_BYTES) }));

    expectRefused(response, 413, /too large/i);
    expect(openaiError(response.text).error.code).toBe('request_too_large');
  });

  it('answers 400 for more entries than MAX_MESSAGES, and accepts exactly the limit', async () => {
    const response = await post(gateway.url, JSON.stringify(tooMany));
    expectRefused(response, 400, new RegExp(`${MAX_MESSAGES + 1} .*limit is ${MAX_MESSAGES}`));

    const accepted = await post(gateway.url, JSON.stringify(atLimit));
    expect(accepted.status).toBe(200);
    expectValidResponse(format, accepted);
  });

  it.each(invalid)('answers 400 naming the field for %s', async (_case, body, message) => {
    expectRefused(await post(gateway.url, JSON.stringify(body)), 400, message);
  });
});
