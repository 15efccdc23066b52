import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { closedAfterEach } from '../helpers/closed-after.js';
import { closedPort } from '../integration/support/closed-port.js';
import { asApiError, chatAsk, responsesAsk, startOpenAISdkHarness, thrownBy, type OpenAISdkHarness } from './openai-sdk-harness.js';

const PROXY_KEY = 'luthien-proxy-key-4c1e07';
const SERVER_KEY = 'sk-openai-server-key-9d2b51';

const start = closedAfterEach(startOpenAISdkHarness);

/** The two model-call routes, each as one non-streaming call and one fully iterated stream. */
const routes = [
  {
    route: 'chat completions',
    create: (client: OpenAI, text: string) => client.chat.completions.create(chatAsk(text)),
    /** Iterates the stream, returning the text deltas seen before it ended or threw. */
    stream: async (client: OpenAI, text: string, deltas: string[]) => {
      const stream = await client.chat.completions.create({ ...chatAsk(text), stream: true });
      for await (const chunk of stream) deltas.push(chunk.choices[0]?.delta.content ?? '');
    },
    path: '/v1/chat/completions',
  },
  {
    route: 'responses',
    create: (client: OpenAI, text: string) => client.responses.create(responsesAsk(text)),
    stream: async (client: OpenAI, text: string, deltas: string[]) => {
      const stream = await client.responses.create({ ...responsesAsk(text), stream: true });
      for await (const event of stream) if (event.type === 'response.output_text.delta') deltas.push(event.delta);
    },
    path: '/v1/responses',
  },
];

/** The error body the scripted upstream itself answers for `text` on `path`. */
async function upstreamErrorBody(target: OpenAISdkHarness, path: string, text: string): Promise<unknown> {
  const body = path === '/v1/responses' ? responsesAsk(text) : chatAsk(text);
  const response = await fetch(`${target.gateway.upstream.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer test-key' },
    body: JSON.stringify(body),
  });
  return ((await response.json()) as { error: unknown }).error;
}

describe.each(routes)('$route: errors through Luthien surface as the OpenAI SDK’s typed errors', ({ create, stream, path }) => {
  it('relays a 429 as RateLimitError with the upstream’s message and retry-after', async () => {
    const target = await start();
    const error = asApiError(await thrownBy(() => create(target.client, 'mock:error:429')), OpenAI.RateLimitError);

    expect(error.status).toBe(429);
    expect(error.code).toBe('rate_limit_exceeded');
    expect(error.error).toEqual(await upstreamErrorBody(target, path, 'mock:error:429'));
    expect(error.message).toContain('Rate limit reached');
    expect(error.headers.get('retry-after')).toBe('7');
    expect(error.requestID).toMatch(/^req_mock_/);
  });

  it.each([
    { status: 500, code: 'server_error' },
    { status: 503, code: 'server_is_overloaded' },
  ])('relays a $status as InternalServerError, streaming and not', async ({ status, code }) => {
    const target = await start();
    const errors = [
      await thrownBy(() => create(target.client, `mock:error:${status}`)),
      await thrownBy(() => stream(target.client, `mock:error:${status}`, [])),
    ];

    for (const caught of errors) {
      const error = asApiError(caught, OpenAI.InternalServerError);
      expect(error.status).toBe(status);
      expect(error.code).toBe(code);
      expect(error.type).toBe('server_error');
    }
  });

  it('relays the upstream’s 401 for a key it rejects as AuthenticationError', async () => {
    const target = await start({ apiKey: 'invalid-key' });
    const error = asApiError(await thrownBy(() => create(target.client, 'hello')), OpenAI.AuthenticationError);

    expect(error.code).toBe('invalid_api_key');
    expect(target.gateway.upstream.requests).toHaveLength(1);
  });

  it('refuses a key that is not the proxy key itself (AUTH_MODE=proxy_key), in OpenAI’s shape', async () => {
    const env = { AUTH_MODE: 'proxy_key', PROXY_API_KEY: PROXY_KEY, OPENAI_API_KEY: SERVER_KEY };
    const target = await start({ gateway: { env }, apiKey: 'sk-some-other-key' });
    const error = asApiError(await thrownBy(() => create(target.client, 'hello')), OpenAI.AuthenticationError);

    expect(error.status).toBe(401);
    expect(error.error).toEqual({ message: 'Invalid proxy key', type: 'invalid_request_error', param: null, code: 'invalid_api_key' });
    expect(error.code).toBe('invalid_api_key');
    expect(error.headers.get('x-luthien-call-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(target.gateway.upstream.requests).toHaveLength(0);

    // The proxy key itself is served, with the server's key sent upstream in its place.
    const proxied = new OpenAI({ baseURL: `${target.gateway.url}/v1`, apiKey: PROXY_KEY, maxRetries: 0 });
    await create(proxied, 'hello');
    expect(target.gateway.upstream.requests.at(-1)?.headers.authorization).toBe(`Bearer ${SERVER_KEY}`);
  });

  it('answers a missing credential itself with AuthenticationError', async () => {
    const target = await start();
    // A null header tells the SDK to send no credential at all.
    const error = asApiError(
      await thrownBy(() => (path === '/v1/responses' ? target.client.responses.create(responsesAsk('hello'), { headers: { authorization: null } }) : target.client.chat.completions.create(chatAsk('hello'), { headers: { authorization: null } }))),
      OpenAI.AuthenticationError,
    );

    expect(error.status).toBe(401);
    expect(error.code).toBe('invalid_api_key');
    expect(target.gateway.upstream.requests).toHaveLength(0);
  });

  it('turns an upstream error before any content into an HTTP error, not a stream', async () => {
    const target = await start();
    const deltas: string[] = [];
    const error = asApiError(await thrownBy(() => stream(target.client, 'mock:error-event', deltas)), OpenAI.InternalServerError);

    expect(error.status).toBe(500);
    expect(error.code).toBe('server_error');
    expect(error.headers.get('content-type')).toBe('application/json');
    expect(deltas).toEqual([]);
  });

  it('throws an upstream error that arrives mid-stream while the stream is iterated', async () => {
    const target = await start();
    const deltas: string[] = [];
    const error = asApiError(await thrownBy(() => stream(target.client, 'mock:text:10 mock:mid-error', deltas)), OpenAI.APIError);

    // The stream had started (status 200), so the error can only arrive inside it.
    expect(deltas.join('')).toBe('word1 word2 word3');
    expect(error.status).toBeUndefined();
    expect(error.code).toBe('server_error');
  });

  it('throws Luthien’s own mid-stream failure (the upstream connection breaks) while the stream is iterated', async () => {
    const target = await start();
    const deltas: string[] = [];
    // docs/errors.md promises that the OpenAI SDKs raise a failure after the stream has begun as APIError.
    const error = asApiError(await thrownBy(() => stream(target.client, 'mock:text:10 mock:disconnect', deltas)), OpenAI.APIError);

    expect(deltas.join('')).toBe('word1 word2 word3');
    expect(error.status).toBeUndefined();
    expect(error.message).toContain('Upstream stream ended unexpectedly');
  });

  it('answers 502 itself when the upstream is unreachable: the SDK reaches Luthien, so it is not a connection error', async () => {
    const port = await closedPort();
    const target = await start({ gateway: { env: { OPENAI_UPSTREAM_URL: `http://127.0.0.1:${port}/v1` } } });
    const errors = [await thrownBy(() => create(target.client, 'hello')), await thrownBy(() => stream(target.client, 'hello', []))];

    for (const caught of errors) {
      expect(caught).not.toBeInstanceOf(OpenAI.APIConnectionError);
      const error = asApiError(caught, OpenAI.InternalServerError);
      expect(error.status).toBe(502);
      expect(error.code).toBe('bad_gateway');
      expect(error.type).toBe('server_error');
      expect(error.message).toContain('Upstream unreachable');
    }
  });
});

describe('requests Luthien rejects itself', () => {
  it.each([
    {
      route: 'chat completions',
      send: (client: OpenAI) => client.chat.completions.create({ ...chatAsk('hello'), messages: 'hello' } as unknown as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming),
      field: 'messages',
    },
    {
      route: 'responses',
      send: (client: OpenAI) => client.responses.create({ ...responsesAsk('hello'), input: 42 } as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming),
      field: 'input',
    },
  ])('$route: a body the SDK types forbid gets BadRequestError naming the field', async ({ send, field }) => {
    const target = await start();
    // The SDK's types forbid these bodies; a caller without type checks can still send them.
    const error = asApiError(await thrownBy(() => send(target.client)), OpenAI.BadRequestError);

    expect(error.status).toBe(400);
    expect(error.type).toBe('invalid_request_error');
    expect(error.code).toBeNull();
    expect(error.message).toContain(`${field}:`);
    expect(error.headers.get('x-luthien-call-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(target.gateway.upstream.requests).toHaveLength(0);
  });
});
