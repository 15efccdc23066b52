import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../../src/mock-upstream/mock-upstream.js';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';
import { anthropicError, exchange, type ExchangeOptions } from './support/http-exchange.js';
import { ALL_CAPS_POLICY, writePolicyFile } from './support/policy-file.js';
import { sseEvents, streamedText } from './support/sse-events.js';

const PROXY_KEY = 'luthien-proxy-key-passthrough';
const SERVER_KEY = 'sk-ant-server-key-passthrough';
const COUNT_TOKENS_BODY = JSON.stringify({
  model: 'claude-opus-4-8',
  messages: [{ role: 'user', content: 'How many tokens is this?' }],
  tools: [{ name: 'Bash', description: 'Run a command', input_schema: { type: 'object' } }],
});

/**
 * Other `/v1/*` paths, with the all-caps policy active and AUTH_MODE=proxy_key: answers must be the
 * upstream's own, compared with a twin scripted upstream asked the same thing directly.
 */
describe('/v1/* passthrough', () => {
  let gateway: TestGateway;
  let twin: MockUpstream;
  beforeAll(async () => {
    gateway = await startTestGateway({
      env: { AUTH_MODE: 'proxy_key', PROXY_API_KEY: PROXY_KEY, ANTHROPIC_API_KEY: SERVER_KEY, POLICY_CONFIG: await writePolicyFile(ALL_CAPS_POLICY) },
    });
    twin = await startMockUpstream({ port: 0 });
  });
  afterAll(async () => {
    await Promise.all([gateway.close(), twin.close()]);
  });
  beforeEach(() => {
    gateway.upstream.clearRequests();
  });

  const cases: { name: string; path: string; options: ExchangeOptions; status: number }[] = [
    {
      name: 'POST /v1/messages/count_tokens?beta=true',
      path: '/v1/messages/count_tokens?beta=true',
      options: { method: 'POST', body: COUNT_TOKENS_BODY, headers: { 'content-type': 'application/json', 'anthropic-beta': 'token-counting-2024-11-01' } },
      status: 200,
    },
    { name: 'GET /v1/models', path: '/v1/models', options: { method: 'GET' }, status: 200 },
    { name: 'GET /v1/models/claude-sonnet-4-6', path: '/v1/models/claude-sonnet-4-6', options: { method: 'GET' }, status: 200 },
    { name: 'GET /v1/whatever (upstream 404)', path: '/v1/whatever', options: { method: 'GET' }, status: 404 },
  ];

  it.each(cases)('$name: relays the upstream answer unchanged, with the server key upstream', async ({ path, options, status }) => {
    const headers = { 'anthropic-version': '2023-06-01', ...options.headers };
    const proxied = await exchange(gateway.url, path, { ...options, headers: { ...headers, authorization: `Bearer ${PROXY_KEY}` } });
    const direct = await exchange(twin.url, path, { ...options, headers: { ...headers, 'x-api-key': 'any-key' } });

    expect(direct.status).toBe(status);
    expect(proxied.status).toBe(status);
    expect(proxied.text).toBe(direct.text);
    expect(proxied.headers['content-type']).toBe(direct.headers['content-type']);
    const [received] = gateway.upstream.requests;
    expect(received?.method).toBe(options.method);
    expect(received?.path).toBe(path);
    expect(received?.headers['x-api-key']).toBe(SERVER_KEY);
    expect(received?.headers.authorization).toBeUndefined();
    expect(received?.headers['anthropic-version']).toBe('2023-06-01');
    if (options.body !== undefined) expect(received?.body).toBe(options.body);
  });

  it.each(cases)('$name: authenticated like /v1/messages (wrong key → 401, upstream not called)', async ({ path, options }) => {
    const response = await exchange(gateway.url, path, { ...options, headers: { ...options.headers, 'x-api-key': 'not-the-proxy-key' } });

    expect(response.status).toBe(401);
    expect(anthropicError(response.text).error.type).toBe('authentication_error');
    expect(gateway.upstream.requests).toHaveLength(0);
  });

  it('the policy is really active on /v1/messages', async () => {
    const response = await exchange(gateway.url, '/v1/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': PROXY_KEY },
      body: JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });

    expect(streamedText(sseEvents(response.text))).toBe('HELLO FROM THE SCRIPTED UPSTREAM.');
  });

  it('answers HEAD / with 200 without credentials or an upstream call', async () => {
    const response = await exchange(gateway.url, '/', { method: 'HEAD' });

    expect(response.status).toBe(200);
    expect(gateway.upstream.requests).toHaveLength(0);
  });

  it('answers an unknown path outside /v1 with a 404 Anthropic error', async () => {
    const response = await exchange(gateway.url, '/nowhere?x=1', { method: 'GET', headers: { 'x-api-key': PROXY_KEY } });

    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const error = anthropicError(response.text).error;
    expect(error.type).toBe('not_found_error');
    expect(error.message).toContain('/nowhere');
    expect(gateway.upstream.requests).toHaveLength(0);
  });
});
