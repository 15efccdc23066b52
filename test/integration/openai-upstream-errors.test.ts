import { describe, expect, it } from 'vitest';
import type { WireFormat } from '../../src/core/wire-format.js';
import { startMockUpstream } from '../../src/mock-upstream/mock-upstream.js';
import { closedAfterEach } from '../helpers/closed-after.js';
import { readOpenAIChatStream } from '../helpers/read-openai-chat-stream.js';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';
import { expectValidOutput } from '../helpers/validate-output.js';
import { callLogOf } from './support/call-log.js';
import { closedPort } from './support/closed-port.js';
import { headerText, openaiError, postChat, postResponses, type Exchange } from './support/http-exchange.js';
import { chatBody, responsesBody } from './support/openai-bodies.js';
import { sseEvents } from './support/sse-events.js';
import { startSseUpstream } from './support/sse-upstream.js';

const start = closedAfterEach((env: Record<string, string> = {}) => startTestGateway({ env }));
// A second scripted upstream, answering exactly as the gateway's own does: what it sends is what the gateway got.
const startTwin = closedAfterEach(() => startMockUpstream({ port: 0 }));
const startSse = closedAfterEach(startSseUpstream);

interface Route {
  readonly route: string;
  readonly format: WireFormat;
  readonly body: (prompt: string, stream: boolean) => string;
  readonly post: (baseUrl: string, body: string) => Promise<Exchange>;
}

const chat: Route = { route: '/v1/chat/completions', format: 'openai-chat', body: (prompt, stream) => chatBody(prompt, { stream }), post: postChat };
const responses: Route = { route: '/v1/responses', format: 'openai-responses', body: (prompt, stream) => responsesBody(prompt, { stream }), post: postResponses };

describe.each([chat, responses])('$route', ({ format, body, post }) => {
  describe('upstream HTTP errors are relayed as sent', () => {
    it.each([400, 401, 404, 429, 500, 503])('status %i, with its body and headers, streaming and not', async (status) => {
      const target = await start();
      const twin = await startTwin();
      for (const stream of [true, false]) {
        const proxied = await post(target.url, body(`mock:error:${status}`, stream));
        const direct = await post(twin.url, body(`mock:error:${status}`, stream));

        expect(proxied.status).toBe(status);
        expect(proxied.text).toBe(direct.text);
        expect(openaiError(proxied.text).error).toEqual(openaiError(direct.text).error);
        expect(headerText(proxied.headers, 'retry-after')).toBe(status === 429 ? '7' : undefined);
        expect(headerText(proxied.headers, 'x-request-id')).toMatch(/^req_mock_\d+$/);
      }
    });

    it('429 keeps rate_limit_exceeded and retry-after, and is logged as an upstream error', async () => {
      const target = await start();
      const response = await post(target.url, body('mock:error:429', true));

      expect(response.status).toBe(429);
      expect(openaiError(response.text).error.code).toBe('rate_limit_exceeded');
      expect(response.headers['retry-after']).toBe('7');
      expect(await callLogOf(target, response)).toMatchObject({ status: 429, outcome: 'upstream-error' });
    });
  });

  describe('stream failures', () => {
    it('an error event before any content becomes an HTTP error status with the upstream error', async () => {
      const target = await start();
      const response = await post(target.url, body('mock:error-event', true));

      // A server_error is a 500, as the API itself answers it over plain HTTP.
      expect(response.status).toBe(500);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      const error = openaiError(response.text).error;
      expect(error).toMatchObject({ type: 'server_error', code: 'server_error' });
      expect(error.message).toBe('The server had an error while processing your request. Sorry about that!');
    });

    it('an error mid-stream ends the 200 stream with the error, and the call is logged as failed', async () => {
      const target = await start();
      const response = await post(target.url, body('mock:mid-error mock:text:10', true));

      expect(response.status).toBe(200);
      expectValidOutput(format, { stream: true, text: response.text });
      if (format === 'openai-chat') {
        const reading = readOpenAIChatStream(response.text);
        expect(reading.content).toBe('word1 word2 word3');
        expect(reading.events.at(-1)).toEqual({ error: expect.objectContaining({ type: 'server_error', code: 'server_error' }) as unknown });
        expect(reading.events).not.toContain('[DONE]');
        expect(reading.finishReasons).toEqual([]);
      } else {
        const names = sseEvents(response.text).map((event) => event.event);
        expect(names.filter((name) => name === 'response.output_text.delta')).toHaveLength(3);
        expect(names).not.toContain('response.completed');
        expect(['error', 'response.failed']).toContain(names.at(-1));
      }
      const line = await callLogOf(target, response);
      expect(line.status).toBe(200);
      // The client saw an error: the log must not call this call completed.
      expect(['failed', 'upstream-error']).toContain(line.outcome);
    });

    it('an upstream disconnect mid-stream ends the stream with the format’s error', async () => {
      const target = await start();
      const response = await post(target.url, body('mock:disconnect mock:text:10', true));

      expect(response.status).toBe(200);
      expectValidOutput(format, { stream: true, text: response.text });
      let message: unknown;
      if (format === 'openai-chat') {
        const reading = readOpenAIChatStream(response.text);
        expect(reading.content).toBe('word1 word2 word3');
        const last = reading.events.at(-1);
        expect(last).not.toBe('[DONE]');
        message = openaiError(JSON.stringify(last)).error.message;
      } else {
        const events = sseEvents(response.text);
        expect(events.map((event) => event.event)).not.toContain('response.completed');
        const last = events.at(-1);
        expect(['error', 'response.failed']).toContain(last?.event);
        message = JSON.stringify(last?.data);
      }
      expect(message).toMatch(/upstream stream ended unexpectedly/i);
      expect(await callLogOf(target, response)).toMatchObject({ status: 200, outcome: 'failed' });
    });

    it('a non-streaming request is unaffected by stream-only failure directives', async () => {
      const target = await start();
      for (const prompt of ['mock:error-event', 'mock:mid-error', 'mock:disconnect']) {
        const response = await post(target.url, body(prompt, false));

        expect(response.status).toBe(200);
        expectValidOutput(format, { stream: false, body: JSON.parse(response.text) });
      }
    });
  });

  describe('upstream unavailable', () => {
    it('answers 502 in OpenAI shape when the upstream is unreachable', async () => {
      const target = await start({ OPENAI_UPSTREAM_URL: `http://127.0.0.1:${await closedPort()}/v1` });
      for (const stream of [true, false]) {
        const response = await post(target.url, body('hi', stream));

        expect(response.status).toBe(502);
        const error = openaiError(response.text).error;
        expect(error).toMatchObject({ type: 'server_error', code: 'bad_gateway' });
        expect(error.message).toMatch(/upstream unreachable/i);
        expect(response.headers['x-luthien-call-id']).toBeDefined();
      }
    });

    it.each([
      ['a stream that stalls after its first events', 'mock:hang', true],
      ['a JSON answer that never comes', 'mock:hang', false],
      ['a slow JSON answer', 'mock:slow:5000', false],
    ])('answers 504 in OpenAI shape when %s exceeds UPSTREAM_TIMEOUT_MS', async (_case, prompt, stream) => {
      const target = await start({ UPSTREAM_TIMEOUT_MS: '150' });
      const response = await post(target.url, body(prompt, stream));

      expect(response.status).toBe(504);
      expect(openaiError(response.text).error).toMatchObject({ type: 'server_error', code: 'timeout' });
    });
  });
});

const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-sse', object: 'chat.completion.chunk', created: 1764072000, model: 'gpt-5', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })}\n\n`;
const CHAT_ERROR_LINE = 'data: {"error":{"message":"Scripted failure","type":"server_error","param":null,"code":"server_error"}}\n\n';

/**
 * Some compatible servers stream whatever the client asked. A client that asked for JSON must then get
 * a JSON response or an HTTP error, never a 200 with half an answer.
 */
describe('a non-streaming client whose upstream streams and fails', () => {
  async function startWith(events: string, destroy = false): Promise<TestGateway> {
    const upstream = await startSse({ events, destroy });
    return start({ OPENAI_UPSTREAM_URL: `${upstream.url}/v1` });
  }

  it('gets the stream folded into one JSON body when it completes', async () => {
    const target = await startWith(chunk({ role: 'assistant', content: '' }) + chunk({ content: 'Hello' }) + chunk({}, 'stop') + 'data: [DONE]\n\n');
    const response = await postChat(target.url, chatBody('hi', { stream: false }));

    expect(response.status).toBe(200);
    const completion = JSON.parse(response.text) as { choices: { message: { content: string } }[] };
    expect(completion.choices[0]?.message.content).toBe('Hello');
    expectValidOutput('openai-chat', { stream: false, body: completion });
  });

  it('gets the upstream’s error as an HTTP error when the stream ends in an error', async () => {
    const target = await startWith(chunk({ role: 'assistant', content: '' }) + chunk({ content: 'Hello' }) + CHAT_ERROR_LINE);
    const response = await postChat(target.url, chatBody('hi', { stream: false }));

    expect(response.status).toBe(500);
    expect(openaiError(response.text).error).toEqual({ message: 'Scripted failure', type: 'server_error', param: null, code: 'server_error' });
    expect(await callLogOf(target, response)).toMatchObject({ status: 500, outcome: 'upstream-error' });
  });

  it('gets a 502 when the upstream drops the connection mid-stream', async () => {
    const target = await startWith(chunk({ role: 'assistant', content: '' }) + chunk({ content: 'Hello' }), true);
    const response = await postChat(target.url, chatBody('hi', { stream: false }));

    expect(response.status).toBe(502);
    expect(openaiError(response.text).error.type).toBe('server_error');
    expect(await callLogOf(target, response)).toMatchObject({ status: 502, outcome: 'failed' });
  });

  it('gets a 502 when the stream stops before its end without an error', async () => {
    const target = await startWith(chunk({ role: 'assistant', content: '' }) + chunk({ content: 'Hello' }));
    const response = await postChat(target.url, chatBody('hi', { stream: false }));

    expect(response.status).toBe(502);
    expect(openaiError(response.text).error.message).toMatch(/upstream stream ended unexpectedly/i);
  });

  it('Responses: gets the upstream’s error as an HTTP error when the stream fails', async () => {
    const created = { id: 'resp_sse', object: 'response', created_at: 1764072000, status: 'in_progress', model: 'gpt-5', output: [] };
    const events = [
      `event: response.created\ndata: ${JSON.stringify({ type: 'response.created', sequence_number: 0, response: created })}\n\n`,
      `event: error\ndata: ${JSON.stringify({ type: 'error', sequence_number: 1, error: { type: 'server_error', code: 'server_error', message: 'Scripted failure', param: null } })}\n\n`,
    ].join('');
    const target = await startWith(events);
    const response = await postResponses(target.url, responsesBody('hi', { stream: false }));

    expect(response.status).toBe(500);
    expect(openaiError(response.text).error).toMatchObject({ message: 'Scripted failure', type: 'server_error' });
  });
});

describe('/v1/responses: an upstream error event and its response.failed', () => {
  it('are both relayed, even when response.failed comes in a later read', async () => {
    const target = await start();
    // slow: the scripted upstream writes each event on its own, so `response.failed` arrives after `error` has been relayed.
    const response = await postResponses(target.url, responsesBody('mock:mid-error mock:text:10 mock:slow:15', { stream: true }));

    expect(response.status).toBe(200);
    expectValidOutput('openai-responses', { stream: true, text: response.text });
    expect(sseEvents(response.text).map((event) => event.event).slice(-2)).toEqual(['error', 'response.failed']);
  });
});
