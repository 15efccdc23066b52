import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../../src/mock-upstream/mock-upstream.js';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';
import type { WireFormat } from '../../src/core/wire-format.js';
import { callLogOf } from './support/call-log.js';
import { expectValidResponse } from './support/expect-valid-response.js';
import { exchange, headerText, postChat, postMessages, postResponses, type Exchange } from './support/http-exchange.js';
import { chatBody, responsesBody } from './support/openai-bodies.js';
import { writeRoutingFile } from './support/routing-file.js';
import { waitFor } from './support/wait-for.js';

const PROXY_KEY = 'luthien-proxy-key-routing';
const ANTHROPIC_KEY = 'sk-ant-server-key-routing';
const OPENAI_KEY = 'sk-proj-server-key-routing';
const LOCAL_KEY = 'local-llm-key-routing';
const FALLBACK_KEY = 'fallback-inline-key-routing';
const CLAUDE_GW_KEY = 'claude-gateway-key-routing';
// `api_key_env` names a variable of the gateway's process environment; unique names keep this file's own.
const LOCAL_KEY_ENV = 'LUTHIEN_ROUTING_TEST_LOCAL_KEY';
const CLAUDE_GW_KEY_ENV = 'LUTHIEN_ROUTING_TEST_CLAUDE_GW_KEY';

type BackendName = 'anthropic' | 'openai' | 'local' | 'fallback' | 'claude-gw';

/** One scripted upstream per backend: which one recorded a request says where the gateway sent it. */
let gateway: TestGateway;
let upstreams: Record<BackendName, MockUpstream>;
beforeAll(async () => {
  process.env[LOCAL_KEY_ENV] = LOCAL_KEY;
  process.env[CLAUDE_GW_KEY_ENV] = CLAUDE_GW_KEY;
  const [openai, local, fallback, claudeGw] = await Promise.all([1, 2, 3, 4].map(() => startMockUpstream({ port: 0 })));
  if (openai === undefined || local === undefined || fallback === undefined || claudeGw === undefined) throw new Error('upstreams did not start');
  const routingFile = await writeRoutingFile(`# Routing for the integration tests
backends:
  local:
    api: openai
    url: ${local.url}/v1
    api_key_env: ${LOCAL_KEY_ENV}
  fallback:
    api: openai
    url: ${fallback.url}/v1
    api_key: ${FALLBACK_KEY}
  claude-gw:
    api: anthropic
    url: ${claudeGw.url}
    api_key_env: ${CLAUDE_GW_KEY_ENV}
    auth_header: authorization

defaults:
  openai: fallback
  /v1/chat/completions: openai

models:
  - match: gpt-oss-*
    backend: local
  - match: claude-*-haiku-*
    backend: claude-gw
`);
  gateway = await startTestGateway({
    env: {
      ROUTING_CONFIG: routingFile,
      OPENAI_UPSTREAM_URL: `${openai.url}/v1`,
      PROXY_API_KEY: PROXY_KEY,
      ANTHROPIC_API_KEY: ANTHROPIC_KEY,
      OPENAI_API_KEY: OPENAI_KEY,
    },
  });
  upstreams = { anthropic: gateway.upstream, openai, local, fallback, 'claude-gw': claudeGw };
});
afterAll(async () => {
  await gateway.close();
  await Promise.all([upstreams.openai.close(), upstreams.local.close(), upstreams.fallback.close(), upstreams['claude-gw'].close()]);
  Reflect.deleteProperty(process.env, LOCAL_KEY_ENV);
  Reflect.deleteProperty(process.env, CLAUDE_GW_KEY_ENV);
});
beforeEach(() => {
  for (const upstream of Object.values(upstreams)) upstream.clearRequests();
});

/** The one request the upstreams received, and which backend's upstream received it. */
function destination(): { backend: BackendName; path: string; headers: Readonly<Record<string, string>>; body: string } {
  const all = Object.entries(upstreams).flatMap(([backend, upstream]) => upstream.requests.map((request) => ({ backend: backend as BackendName, ...request })));
  expect(all.map((request) => `${request.backend} ${request.path}`)).toHaveLength(1);
  const [only] = all;
  if (only === undefined) throw new Error('no upstream received the request');
  return only;
}

const proxyKey = { authorization: `Bearer ${PROXY_KEY}` };
const messagesBody = (model: string) => JSON.stringify({ model, max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] });

/** Each call, where it must go, and the credential that backend must get for a proxy-key client. */
const calls: {
  name: string;
  send: () => Promise<Exchange>;
  format: WireFormat;
  backend: BackendName;
  path: string;
  credential: Record<string, string>;
}[] = [
  {
    name: 'chat, gpt-oss-20b: the model rule',
    send: () => postChat(gateway.url, chatBody('hi', { model: 'gpt-oss-20b' }), proxyKey),
    format: 'openai-chat',
    backend: 'local',
    path: '/v1/chat/completions',
    credential: { authorization: `Bearer ${LOCAL_KEY}` },
  },
  {
    name: 'responses, gpt-oss-120b: the model rule',
    send: () => postResponses(gateway.url, responsesBody('hi', { model: 'gpt-oss-120b', stream: true }), proxyKey),
    format: 'openai-responses',
    backend: 'local',
    path: '/v1/responses',
    credential: { authorization: `Bearer ${LOCAL_KEY}` },
  },
  {
    name: 'chat, gpt-5: the path default',
    send: () => postChat(gateway.url, chatBody('hi', { model: 'gpt-5', stream: true }), proxyKey),
    format: 'openai-chat',
    backend: 'openai',
    path: '/v1/chat/completions',
    credential: { authorization: `Bearer ${OPENAI_KEY}` },
  },
  {
    name: 'chat, a claude haiku model: the Anthropic rule is skipped for an OpenAI client',
    send: () => postChat(gateway.url, chatBody('hi', { model: 'claude-3-5-haiku-20241022' }), proxyKey),
    format: 'openai-chat',
    backend: 'openai',
    path: '/v1/chat/completions',
    credential: { authorization: `Bearer ${OPENAI_KEY}` },
  },
  {
    name: 'responses, gpt-5: the family default',
    send: () => postResponses(gateway.url, responsesBody('hi', { model: 'gpt-5' }), proxyKey),
    format: 'openai-responses',
    backend: 'fallback',
    path: '/v1/responses',
    credential: { authorization: `Bearer ${FALLBACK_KEY}` },
  },
  {
    name: 'messages, a claude haiku model: the model rule, key sent as Bearer (auth_header)',
    send: () => postMessages(gateway.url, messagesBody('claude-3-5-haiku-20241022'), { 'x-api-key': PROXY_KEY }),
    format: 'anthropic',
    backend: 'claude-gw',
    path: '/v1/messages',
    credential: { authorization: `Bearer ${CLAUDE_GW_KEY}` },
  },
  {
    name: 'messages, claude-sonnet-4-6: the built-in anthropic backend',
    send: () => postMessages(gateway.url, messagesBody('claude-sonnet-4-6'), { 'x-api-key': PROXY_KEY }),
    format: 'anthropic',
    backend: 'anthropic',
    path: '/v1/messages',
    credential: { 'x-api-key': ANTHROPIC_KEY },
  },
];

function credentialOf(headers: Readonly<Record<string, string>>): Record<string, string> {
  return {
    ...(headers['x-api-key'] === undefined ? {} : { 'x-api-key': headers['x-api-key'] }),
    ...(headers.authorization === undefined ? {} : { authorization: headers.authorization }),
  };
}

describe('model calls under a routing file', () => {
  it.each(calls)('$name', async ({ send, format, backend, path, credential }) => {
    const response = await send();

    expect(response.status).toBe(200);
    expectValidResponse(format, response);
    const received = destination();
    expect(received.backend).toBe(backend);
    expect(received.path).toBe(path);
    expect(credentialOf(received.headers)).toEqual(credential);
    expect(JSON.stringify(received.headers)).not.toContain(PROXY_KEY);
    expect(await callLogOf(gateway, response)).toMatchObject({ backend, status: 200, outcome: 'completed' });
  });

  it('a client’s own credential goes unchanged to whichever backend the call goes to', async () => {
    const toLocal = await postChat(gateway.url, chatBody('hi', { model: 'gpt-oss-20b' }), { authorization: 'Bearer sk-client-own' });
    expect(toLocal.status).toBe(200);
    expectValidResponse('openai-chat', toLocal);
    expect(destination()).toMatchObject({ backend: 'local', headers: { authorization: 'Bearer sk-client-own' } });

    upstreams.local.clearRequests();
    const toGateway = await postMessages(gateway.url, messagesBody('claude-3-5-haiku-20241022'), { 'x-api-key': 'sk-ant-client-own' });
    expect(toGateway.status).toBe(200);
    expectValidResponse('anthropic', toGateway);
    const received = destination();
    expect(received.backend).toBe('claude-gw');
    expect(credentialOf(received.headers)).toEqual({ 'x-api-key': 'sk-ant-client-own' });
  });
});

describe('pass-through calls under a routing file', () => {
  function passthroughLog(response: Exchange): Promise<Record<string, unknown>> {
    const callId = headerText(response.headers, 'x-luthien-call-id');
    return waitFor(() => gateway.logs.find((line) => line.msg === 'passthrough' && line.callId === callId), 2000, 'the passthrough log line');
  }

  it.each([
    ['a claude haiku model: the model rule', 'claude-3-5-haiku-20241022', 'claude-gw', { authorization: `Bearer ${CLAUDE_GW_KEY}` }],
    ['claude-sonnet-4-6: the built-in backend', 'claude-sonnet-4-6', 'anthropic', { 'x-api-key': ANTHROPIC_KEY }],
  ] as const)('POST /v1/messages/count_tokens with %s', async (_case, model, backend, credential) => {
    const body = JSON.stringify({ model, messages: [{ role: 'user', content: 'How many tokens is this?' }] });
    const response = await exchange(gateway.url, '/v1/messages/count_tokens?beta=true', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': PROXY_KEY },
      body,
    });

    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toEqual({ input_tokens: expect.any(Number) as unknown });
    const received = destination();
    expect(received).toMatchObject({ backend, path: '/v1/messages/count_tokens?beta=true', body });
    expect(credentialOf(received.headers)).toEqual(credential);
    expect(await passthroughLog(response)).toMatchObject({ backend, status: 200 });
  });

  it('GET /v1/models from an OpenAI client goes to the family default', async () => {
    const response = await exchange(gateway.url, '/v1/models', { headers: proxyKey });

    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toMatchObject({ object: 'list' });
    const received = destination();
    expect(received).toMatchObject({ backend: 'fallback', path: '/v1/models' });
    expect(credentialOf(received.headers)).toEqual({ authorization: `Bearer ${FALLBACK_KEY}` });
    expect(await passthroughLog(response)).toMatchObject({ backend: 'fallback' });
  });
});
