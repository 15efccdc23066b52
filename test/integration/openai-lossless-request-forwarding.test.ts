import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockUpstream } from '../../src/mock-upstream/mock-upstream.js';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';
import { codexHeaders, codexRequest } from './support/codex-request.js';
import { expectValidResponse } from './support/expect-valid-response.js';
import { postChat, postResponses } from './support/http-exchange.js';
import { chatBody, responsesBody } from './support/openai-bodies.js';
import { chatRequest } from './support/openai-chat-request.js';
import { sseEvents } from './support/sse-events.js';

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(async () => {
  await gateway.close();
});
beforeEach(() => {
  gateway.upstream.clearRequests();
});

/** The only request the upstream received since the last clear. */
function received() {
  expect(gateway.upstream.requests).toHaveLength(1);
  const [request] = gateway.upstream.requests;
  if (request === undefined) throw new Error('the upstream received nothing');
  return request;
}

describe('/v1/chat/completions request bodies reach the upstream byte for byte', () => {
  it.each([true, false])('stream: %s', async (stream) => {
    const sent = chatRequest('say hi', { stream, includeUsage: stream });
    const response = await postChat(gateway.url, sent);

    expect(response.status).toBe(200);
    expectValidResponse('openai-chat', response);
    const request = received();
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.body).toBe(sent);
    expect(Buffer.from(request.body, 'utf8').equals(Buffer.from(sent, 'utf8'))).toBe(true);
    // The fields a re-serialising or schema-filtering proxy would lose or rewrite are all still there, as written.
    for (const fragment of [
      '"verbosity": "low"',
      '"reasoning_effort": "minimal"',
      '"response_format": {',
      '"json_schema"',
      '"tool_choice": "auto"',
      '"parallel_tool_calls": true',
      '"n": 1',
      '"logprobs": true',
      '"top_logprobs": 2',
      '"type": "image_url"',
      '"type": "input_audio"',
      '"role": "developer"',
      '"tool_call_id": "call_prev_1"',
      '"x_future_knob": 1.50',
      'caf\\u00e9',
    ]) {
      expect(request.body).toContain(fragment);
    }
  });

  it('keeps the query string, under the /v1 of OPENAI_UPSTREAM_URL', async () => {
    const response = await postChat(gateway.url, chatBody('hi'), {}, '?api-version=2024-10-21&x=a%20b');

    expect(response.status).toBe(200);
    expectValidResponse('openai-chat', response);
    expect(received().path).toBe('/v1/chat/completions?api-version=2024-10-21&x=a%20b');
  });
});

describe('/v1/responses request bodies reach the upstream byte for byte', () => {
  it.each([
    ['a first turn with top-level tools', codexRequest('say hi', { tools: 'top-level' })],
    ['a first turn with an additional_tools item', codexRequest('say hi', { tools: 'additional_tools' })],
    ['a follow-up sending back reasoning, calls and outputs', codexRequest('say hi', { followUp: true })],
    ['a non-streaming follow-up', codexRequest('say hi', { followUp: true, stream: false })],
  ])('a Codex request: %s', async (_case, sent) => {
    const response = await postResponses(gateway.url, sent, codexHeaders);

    expect(response.status).toBe(200);
    const request = received();
    expect(request.path).toBe('/v1/responses');
    expect(request.body).toBe(sent);
    for (const [name, value] of Object.entries(codexHeaders)) expect(request.headers[name], name).toBe(value);
    expectValidResponse('openai-responses', response);
    if ((JSON.parse(sent) as { stream: boolean }).stream) expect(sseEvents(response.text).at(-1)?.event).toBe('response.completed');
  });

  it('a Codex follow-up is answered as a tool result, with every item of the history intact', async () => {
    const sent = codexRequest('say hi', { followUp: true });
    const response = await postResponses(gateway.url, sent, codexHeaders);

    expect(response.status).toBe(200);
    const done = sseEvents(response.text).find((event) => event.event === 'response.output_text.done');
    expect(done?.data.text).toMatch(/^Tool result received: /);
    const body = JSON.parse(received().body) as { input: { type: string }[] };
    expect(body.input.map((item) => item.type)).toEqual([
      'message',
      'message',
      'message',
      'message',
      'reasoning',
      'function_call',
      'function_call_output',
      'function_call',
      'function_call_output',
      'custom_tool_call',
      'custom_tool_call_output',
    ]);
    for (const fragment of ['"encrypted_content": "gAAAA', '"store": false', '"include": [', '"context": "all_turns"', '"verbosity": "low"', '"x_future_knob": 1.50']) {
      expect(received().body).toContain(fragment);
    }
  });

  it('keeps the query string', async () => {
    const response = await postResponses(gateway.url, responsesBody('hi'), {}, '?stream_debug=1');

    expect(response.status).toBe(200);
    expectValidResponse('openai-responses', response);
    expect(received().path).toBe('/v1/responses?stream_debug=1');
  });
});

describe('OPENAI_UPSTREAM_URL with a longer base path', () => {
  it('replaces the client’s /v1 with the base path and keeps the query string', async () => {
    const upstream = await startMockUpstream({ port: 0 });
    const behindPrefix = await startTestGateway({ upstream, env: { OPENAI_UPSTREAM_URL: `${upstream.url}/openai/v1` } });
    try {
      const chat = await postChat(behindPrefix.url, chatBody('hi'), {}, '?api-version=1');
      const responses = await postResponses(behindPrefix.url, responsesBody('hi'));

      expect(upstream.requests.map((request) => request.path)).toEqual(['/openai/v1/chat/completions?api-version=1', '/openai/v1/responses']);
      // The scripted upstream serves only /v1/…: its own 404 comes back, relayed as it sent it.
      for (const response of [chat, responses]) {
        expect(response.status).toBe(404);
        expect(response.text).toContain('POST /openai/v1/');
      }
    } finally {
      await behindPrefix.close();
      await upstream.close();
    }
  });
});
