import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../../src/mock-upstream/mock-upstream.js';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';
import { callLogOf } from './support/call-log.js';
import { expectValidResponse } from './support/expect-valid-response.js';
import { exchange, headerText, postChat, postMessages, postResponses, type Exchange } from './support/http-exchange.js';
import { chatBody, responsesBody } from './support/openai-bodies.js';
import { waitFor } from './support/wait-for.js';

const PROXY_KEY = 'luthien-proxy-key-family';
const ANTHROPIC_KEY = 'sk-ant-server-key-family';
const OPENAI_KEY = 'sk-proj-server-key-family';

/** Two backends on two scripted upstreams, so each request's destination is plain from which one recorded it. */
let gateway: TestGateway;
let anthropic: MockUpstream;
let openai: MockUpstream;
beforeAll(async () => {
  openai = await startMockUpstream({ port: 0 });
  gateway = await startTestGateway({
    env: { OPENAI_UPSTREAM_URL: `${openai.url}/v1`, PROXY_API_KEY: PROXY_KEY, ANTHROPIC_API_KEY: ANTHROPIC_KEY, OPENAI_API_KEY: OPENAI_KEY },
  });
  anthropic = gateway.upstream;
});
afterAll(async () => {
  await Promise.all([gateway.close(), openai.close()]);
});
beforeEach(() => {
  anthropic.clearRequests();
  openai.clearRequests();
});

/** The one request the upstreams received, and which of them received it. */
function destination(): { backend: 'anthropic' | 'openai'; path: string; headers: Readonly<Record<string, string>> } {
  const all = [...anthropic.requests.map((request) => ({ backend: 'anthropic' as const, request })), ...openai.requests.map((request) => ({ backend: 'openai' as const, request }))];
  expect(all).toHaveLength(1);
  const [only] = all;
  if (only === undefined) throw new Error('no upstream received the request');
  return { backend: only.backend, path: only.request.path, headers: only.request.headers };
}

/** The `passthrough` log line of `response`. */
function passthroughLog(response: Exchange): Promise<Record<string, unknown>> {
  const callId = headerText(response.headers, 'x-luthien-call-id');
  return waitFor(() => gateway.logs.find((line) => line.msg === 'passthrough' && line.callId === callId), 2000, 'the passthrough log line');
}

describe('GET /v1/models goes to the family the client speaks', () => {
  it('with only Authorization: Bearer (the openai SDK, Codex): the OpenAI backend, OpenAI list shape', async () => {
    const response = await exchange(gateway.url, '/v1/models', { headers: { authorization: 'Bearer sk-client-key' } });

    expect(response.status).toBe(200);
    const list = JSON.parse(response.text) as { object: string; data: { id: string; object: string; owned_by: string }[] };
    expect(list.object).toBe('list');
    expect(list.data.length).toBeGreaterThan(0);
    for (const model of list.data) expect(model).toMatchObject({ object: 'model', owned_by: expect.any(String) as unknown });
    expect(destination()).toMatchObject({ backend: 'openai', path: '/v1/models', headers: { authorization: 'Bearer sk-client-key' } });
    expect(await passthroughLog(response)).toMatchObject({ backend: 'openai', status: 200 });
  });

  it.each([
    ['anthropic-version with a Bearer token (the Anthropic SDK 1.x)', { 'anthropic-version': '2026-10-21', authorization: 'Bearer sk-client-key' }],
    ['an x-api-key credential (Claude Code)', { 'x-api-key': 'sk-client-key' }],
  ])('with %s: the Anthropic backend, Anthropic shape', async (_case, headers) => {
    const response = await exchange(gateway.url, '/v1/models', { headers });

    expect(response.status).toBe(200);
    const list = JSON.parse(response.text) as { data: { type: string; id: string }[]; has_more: boolean };
    expect(list.data.every((model) => model.type === 'model' && model.id.startsWith('claude-'))).toBe(true);
    expect(destination()).toMatchObject({ backend: 'anthropic', path: '/v1/models' });
    expect(await passthroughLog(response)).toMatchObject({ backend: 'anthropic', status: 200 });
  });

  it('with the proxy key, each family gets its own server key in its own header', async () => {
    await exchange(gateway.url, '/v1/models', { headers: { authorization: `Bearer ${PROXY_KEY}` } });
    const toOpenAI = destination();
    expect(toOpenAI.backend).toBe('openai');
    expect(toOpenAI.headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);
    expect(toOpenAI.headers['x-api-key']).toBeUndefined();

    anthropic.clearRequests();
    openai.clearRequests();
    await exchange(gateway.url, '/v1/models', { headers: { authorization: `Bearer ${PROXY_KEY}`, 'anthropic-version': '2023-06-01' } });
    const toAnthropic = destination();
    expect(toAnthropic.backend).toBe('anthropic');
    expect(toAnthropic.headers['x-api-key']).toBe(ANTHROPIC_KEY);
    expect(toAnthropic.headers.authorization).toBeUndefined();
  });

  it('GET /v1/models/:id follows the same rule', async () => {
    const response = await exchange(gateway.url, '/v1/models/gpt-4.1', { headers: { authorization: 'Bearer sk-client-key' } });

    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toMatchObject({ id: 'gpt-4.1', object: 'model' });
    expect(destination()).toMatchObject({ backend: 'openai', path: '/v1/models/gpt-4.1' });
  });
});

describe('model routes go to their own family whatever the headers say', () => {
  it.each([
    ['/v1/chat/completions', (headers: Record<string, string>) => postChat(gateway.url, chatBody('hi'), headers), 'openai-chat', 'openai', '/v1/chat/completions'],
    ['/v1/responses', (headers: Record<string, string>) => postResponses(gateway.url, responsesBody('hi'), headers), 'openai-responses', 'openai', '/v1/responses'],
    [
      '/v1/messages',
      (headers: Record<string, string>) => postMessages(gateway.url, JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }), headers),
      'anthropic',
      'anthropic',
      '/v1/messages',
    ],
  ] as const)('%s', async (_route, send, format, backend, path) => {
    // An Anthropic header on an OpenAI route, a Bearer token on the Anthropic one: the path decides.
    const response = await send({ 'anthropic-version': '2023-06-01', authorization: 'Bearer sk-client-key' });

    expect(response.status).toBe(200);
    expectValidResponse(format, response);
    expect(destination()).toMatchObject({ backend, path });
    expect(await callLogOf(gateway, response)).toMatchObject({ backend, status: 200, outcome: 'completed' });
  });
});
