import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { startBeforeEach } from '../helpers/closed-after.js';
import { ask, MODEL, startSdkHarness, type SdkHarness } from './sdk-harness.js';

let harness: SdkHarness;
startBeforeEach(startSdkHarness, (started) => {
  harness = started;
});

/** Runs the call and returns what it threw; fails the test if it did not throw. */
async function thrownBy(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('errors through Luthien surface as the SDK’s typed errors', () => {
  it('relays a 429 as RateLimitError with its retry-after header', async () => {
    const error = await thrownBy(() => harness.client.messages.create(ask('mock:error:429')));

    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    const apiError = error as InstanceType<typeof Anthropic.RateLimitError>;
    expect(apiError.status).toBe(429);
    expect(apiError.type).toBe('rate_limit_error');
    expect(apiError.headers.get('retry-after')).toBe('7');
  });

  it.each([
    { status: 500, errorClass: Anthropic.InternalServerError, type: 'api_error' },
    { status: 503, errorClass: Anthropic.ServiceUnavailableError, type: 'api_error' },
    { status: 529, errorClass: Anthropic.OverloadedError, type: 'overloaded_error' },
  ])('relays a $status as $errorClass.name', async ({ status, errorClass, type }) => {
    const error = await thrownBy(() => harness.client.messages.create(ask(`mock:error:${status}`)));

    expect(error).toBeInstanceOf(errorClass);
    expect(error).toBeInstanceOf(Anthropic.InternalServerError);
    const apiError = error as InstanceType<typeof Anthropic.APIError>;
    expect(apiError.status).toBe(status);
    expect(apiError.type).toBe(type);
  });

  it('relays an upstream 401 for a rejected key as AuthenticationError', async () => {
    const client = new Anthropic({ baseURL: harness.gateway.url, apiKey: 'invalid-key', maxRetries: 0 });
    const error = await thrownBy(() => client.messages.create(ask('hello')));

    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(harness.gateway.upstream.requests).toHaveLength(1);
  });

  it('answers a missing credential itself with AuthenticationError', async () => {
    // A null header tells the SDK to send no credential at all.
    const error = await thrownBy(() => harness.client.messages.create(ask('hello'), { headers: { authorization: null } }));

    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    const apiError = error as InstanceType<typeof Anthropic.APIError>;
    expect(apiError.status).toBe(401);
    expect(apiError.type).toBe('authentication_error');
    expect(apiError.headers?.get('x-luthien-call-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(harness.gateway.upstream.requests).toHaveLength(0);
  });

  it('rejects a request without max_tokens itself with BadRequestError naming the field', async () => {
    // The SDK's types forbid this body; a caller without type checks can still send it.
    const body = { model: MODEL, messages: [{ role: 'user', content: 'hello' }] } as unknown as Anthropic.MessageCreateParamsNonStreaming;
    const error = await thrownBy(() => harness.client.messages.create(body));

    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    const apiError = error as InstanceType<typeof Anthropic.APIError>;
    expect(apiError.status).toBe(400);
    expect(apiError.type).toBe('invalid_request_error');
    expect(apiError.apiMessage).toContain('max_tokens');
    expect(harness.gateway.upstream.requests).toHaveLength(0);
  });

  it('turns an error event before any content into an HTTP 529, not a stream', async () => {
    const stream = harness.client.messages.stream(ask('mock:error-event'));
    let connected = false;
    stream.on('connect', () => {
      connected = true;
    });
    const error = await thrownBy(() => stream.finalMessage());

    expect(error).toBeInstanceOf(Anthropic.OverloadedError);
    const apiError = error as InstanceType<typeof Anthropic.APIError>;
    expect(apiError.status).toBe(529);
    expect(apiError.type).toBe('overloaded_error');
    expect(apiError.headers?.get('content-type')).toBe('application/json');
    expect(connected).toBe(false);
  });

  it('throws a mid-stream error while the events are being iterated', async () => {
    const stream = harness.client.messages.stream(ask('mock:text:10 mock:mid-error'));
    const deltas: string[] = [];
    const error = await thrownBy(async () => {
      for await (const event of stream) {
        if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') deltas.push(event.delta.text);
      }
    });

    // The stream had started (status 200), so the error can only arrive as an event.
    expect(deltas).toEqual(['word1', ' word2', ' word3']);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    const apiError = error as InstanceType<typeof Anthropic.APIError>;
    expect(apiError.status).toBeUndefined();
    expect(apiError.type).toBe('overloaded_error');
  });
});
