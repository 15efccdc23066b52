import { describe, expect, it } from 'vitest';
import { startMockUpstream } from '../../src/mock-upstream/mock-upstream.js';
import { closedAfterEach } from '../helpers/closed-after.js';
import { startTestGateway } from '../helpers/start-test-gateway.js';
import { claudeCodeRequest } from './support/claude-code-request.js';
import { closedPort } from './support/closed-port.js';
import { anthropicError, headerText, postMessages } from './support/http-exchange.js';
import { sseEvents } from './support/sse-events.js';

const start = closedAfterEach((env: Record<string, string> = {}) => startTestGateway({ env }));
// A second scripted upstream, answering exactly as the gateway's own does: what it sends is what the gateway got.
const startTwin = closedAfterEach(() => startMockUpstream({ port: 0 }));

describe('upstream HTTP errors are relayed as sent', () => {
  it.each([400, 401, 404, 429, 500, 529])('status %i, with its body and headers', async (status) => {
    const target = await start();
    const twin = await startTwin();
    for (const stream of [true, false]) {
      const body = claudeCodeRequest(`mock:error:${status}`, { stream });
      const proxied = await postMessages(target.url, body);
      const direct = await postMessages(twin.url, body);

      expect(proxied.status).toBe(status);
      expect(proxied.text).toBe(direct.text);
      expect(anthropicError(proxied.text).error.type).toBe(anthropicError(direct.text).error.type);
      expect(headerText(proxied.headers, 'retry-after')).toBe(status === 429 ? '7' : undefined);
      expect(headerText(proxied.headers, 'request-id')).toMatch(/^req_mock_\d+$/);
    }
  });
});

describe('stream failures', () => {
  it('an error event before any content becomes a real HTTP status with the upstream error body', async () => {
    const target = await start();
    const response = await postMessages(target.url, claudeCodeRequest('mock:error-event'));

    expect(response.status).toBe(529);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(response.text)).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
  });

  it('an error event mid-stream ends the stream with that SSE error event', async () => {
    const target = await start();
    const response = await postMessages(target.url, claudeCodeRequest('mock:mid-error mock:text:10'));

    expect(response.status).toBe(200);
    const events = sseEvents(response.text);
    expect(events.filter((event) => event.event === 'content_block_delta').length).toBeGreaterThan(0);
    expect(events.at(-1)).toEqual({ event: 'error', data: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } });
    expect(events.map((event) => event.event)).not.toContain('message_stop');
  });

  it('an upstream disconnect mid-stream ends the client stream with an SSE error event', async () => {
    const target = await start();
    const response = await postMessages(target.url, claudeCodeRequest('mock:disconnect mock:text:10'));

    expect(response.status).toBe(200);
    const events = sseEvents(response.text);
    const names = events.map((event) => event.event);
    expect(names.filter((name) => name === 'content_block_delta')).toHaveLength(3);
    expect(names).not.toContain('message_stop');
    const last = events.at(-1);
    expect(last?.event).toBe('error');
    const error = anthropicError(JSON.stringify(last?.data)).error;
    expect(error.type).toBe('api_error');
    expect(error.message).toMatch(/upstream stream ended unexpectedly/i);
  });
});

describe('upstream unavailable', () => {
  it('answers 502 when the upstream is unreachable', async () => {
    const target = await start({ ANTHROPIC_UPSTREAM_URL: `http://127.0.0.1:${await closedPort()}` });
    const response = await postMessages(target.url, claudeCodeRequest('hi'));

    expect(response.status).toBe(502);
    expect(anthropicError(response.text).error.message).toMatch(/upstream unreachable/i);
    expect(response.headers['x-luthien-call-id']).toBeDefined();
  });

  it.each([
    ['a non-streaming answer', 'mock:slow:5000', false],
    ['a stream that stalls after message_start', 'mock:hang', true],
  ])('answers 504 when %s exceeds UPSTREAM_TIMEOUT_MS', async (_case, prompt, stream) => {
    const target = await start({ UPSTREAM_TIMEOUT_MS: '150' });
    const response = await postMessages(target.url, claudeCodeRequest(prompt, { stream }));

    expect(response.status).toBe(504);
    // A 504 means the timeout fired: the scripted upstream would have answered 200 after its delay.
    expect(anthropicError(response.text).error.type).toBe('timeout_error');
  });
});
