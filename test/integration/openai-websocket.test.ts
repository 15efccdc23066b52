import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';
import { expectValidOutput } from '../helpers/validate-output.js';
import { codexHeaders, codexRequest } from './support/codex-request.js';
import { openaiError, postResponses } from './support/http-exchange.js';
import { rawHttpResponse } from './support/raw-http-response.js';
import { sseEvents } from './support/sse-events.js';

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(async () => {
  await gateway.close();
});

/** The handshake Codex's built-in `openai` provider opens with (client-requests.md, shape C). */
function upgradeRequest(path: string): string[] {
  return [
    `GET ${path} HTTP/1.1`,
    `host: ${new URL(gateway.url).host}`,
    'upgrade: websocket',
    'connection: Upgrade',
    'sec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==',
    'sec-websocket-version: 13',
    'openai-beta: responses_websockets=2026-02-06',
    'authorization: Bearer sk-client-key',
    'originator: codex_exec',
    'version: 0.169.0',
  ];
}

describe('a WebSocket upgrade on /v1/responses', () => {
  it('is refused with 426 in OpenAI shape, the connection closed, and the upstream never called', async () => {
    gateway.upstream.clearRequests();
    // The raw socket resolves when the server closes the connection: a server that waited for more would hang here.
    const response = await rawHttpResponse(gateway.url, upgradeRequest('/v1/responses'));

    expect(response.status).toBe(426);
    expect(response.headers.connection).toBe('close');
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers.upgrade).toBeUndefined();
    expect(response.headers['x-luthien-call-id']).toBeDefined();
    const error = openaiError(response.body).error;
    expect(error.type).toBe('invalid_request_error');
    expect(error.message).toMatch(/websocket/i);
    expect(gateway.upstream.requests).toHaveLength(0);
  });

  it('is followed by a working POST /v1/responses stream from the same client', async () => {
    const refused = await rawHttpResponse(gateway.url, upgradeRequest('/v1/responses'));
    expect(refused.status).toBe(426);

    gateway.upstream.clearRequests();
    const response = await postResponses(gateway.url, codexRequest('mock:text:5', { tools: 'additional_tools' }), { ...codexHeaders, version: '0.169.0' });

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
    expectValidOutput('openai-responses', { stream: true, text: response.text });
    expect(sseEvents(response.text).at(-1)?.event).toBe('response.completed');
    expect(gateway.upstream.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /v1/responses']);
  });

  it('is refused the same way on a query-string variant of the path', async () => {
    const response = await rawHttpResponse(gateway.url, upgradeRequest('/v1/responses?model=gpt-6.1-sol'));

    expect(response.status).toBe(426);
    expect(openaiError(response.body).error.type).toBe('invalid_request_error');
  });
});
