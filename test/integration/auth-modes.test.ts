import { describe, expect, it } from 'vitest';
import { closedAfterEach } from '../helpers/closed-after.js';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';
import { claudeCodeRequest } from './support/claude-code-request.js';
import { expectNoKeyLeaked } from './support/expect-no-key-leaked.js';
import { anthropicError, exchange, type Exchange } from './support/http-exchange.js';
import { upstreamCredential } from './support/upstream-credential.js';
import { waitFor } from './support/wait-for.js';

const PROXY_KEY = 'luthien-proxy-key-7f3a9c';
const SERVER_KEY = 'sk-ant-server-key-b81d44';
const CLIENT_KEY = 'sk-ant-client-key-52e0aa';
const CLIENT_TOKEN = 'client-oauth-token-c09d17';
const WRONG_KEY = 'wrong-key-3e8b21';
const ALL_KEYS = [PROXY_KEY, SERVER_KEY, CLIENT_KEY, CLIENT_TOKEN, WRONG_KEY];

const start = closedAfterEach((env: Record<string, string>) => startTestGateway({ env }));

function post(target: TestGateway, credential: Record<string, string>): Promise<Exchange> {
  return exchange(target.url, '/v1/messages', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', ...credential },
    body: claudeCodeRequest('hi', { stream: false }),
  });
}

/** Waits for the call's log line, then checks no key value appears in the logs or in `texts`. */
async function expectNoKeyIn(target: TestGateway, ...texts: string[]): Promise<void> {
  await waitFor(() => target.logs.find((line) => line.msg === 'call'), 2000, 'the call log line');
  expectNoKeyLeaked(ALL_KEYS, target, texts);
}

describe('AUTH_MODE=proxy_key', () => {
  const env = { AUTH_MODE: 'proxy_key', PROXY_API_KEY: PROXY_KEY, ANTHROPIC_API_KEY: SERVER_KEY };

  it.each([
    ['x-api-key', { 'x-api-key': PROXY_KEY }],
    ['Bearer', { authorization: `Bearer ${PROXY_KEY}` }],
  ])('maps the proxy key presented as %s to the server key', async (_style, credential) => {
    const target = await start(env);
    const response = await post(target, credential);

    expect(response.status).toBe(200);
    expect(upstreamCredential(target)).toEqual({ 'x-api-key': SERVER_KEY });
    await expectNoKeyIn(target, response.text);
  });

  it.each([
    ['a wrong x-api-key', { 'x-api-key': WRONG_KEY }],
    ['a wrong Bearer token', { authorization: `Bearer ${WRONG_KEY}` }],
    ['no credential', {}],
  ])('rejects %s with 401 and never calls the upstream', async (_case, credential) => {
    const target = await start(env);
    const response = await post(target, credential);

    expect(response.status).toBe(401);
    expect(anthropicError(response.text).error.type).toBe('authentication_error');
    expect(target.upstream.requests).toHaveLength(0);
    await expectNoKeyIn(target, response.text, JSON.stringify(response.headers));
  });
});

describe('AUTH_MODE=passthrough', () => {
  const env = { AUTH_MODE: 'passthrough', PROXY_API_KEY: PROXY_KEY, ANTHROPIC_API_KEY: SERVER_KEY };

  it('forwards the client x-api-key as x-api-key', async () => {
    const target = await start(env);
    const response = await post(target, { 'x-api-key': CLIENT_KEY });

    expect(response.status).toBe(200);
    expect(upstreamCredential(target)).toEqual({ 'x-api-key': CLIENT_KEY });
    await expectNoKeyIn(target, response.text);
  });

  it('forwards a Bearer token as Bearer, unchanged', async () => {
    const target = await start(env);
    const response = await post(target, { authorization: `Bearer ${CLIENT_TOKEN}` });

    expect(response.status).toBe(200);
    expect(upstreamCredential(target)).toEqual({ authorization: `Bearer ${CLIENT_TOKEN}` });
    await expectNoKeyIn(target, response.text);
  });

  it('does not swap the proxy key for the server key', async () => {
    const target = await start(env);
    await post(target, { 'x-api-key': PROXY_KEY });

    expect(upstreamCredential(target)).toEqual({ 'x-api-key': PROXY_KEY });
  });

  it('relays the upstream 401 for a key the upstream refuses', async () => {
    const target = await start(env);
    const response = await post(target, { 'x-api-key': 'invalid-key' });

    expect(response.status).toBe(401);
    expect(anthropicError(response.text).error.type).toBe('authentication_error');
    expect(target.upstream.requests).toHaveLength(1);
  });

  it('rejects a request with no credential', async () => {
    const target = await start(env);
    const response = await post(target, {});

    expect(response.status).toBe(401);
    expect(anthropicError(response.text).error.type).toBe('authentication_error');
    expect(target.upstream.requests).toHaveLength(0);
  });
});

describe('AUTH_MODE=both (the default)', () => {
  const env = { PROXY_API_KEY: PROXY_KEY, ANTHROPIC_API_KEY: SERVER_KEY };

  it('maps the proxy key to the server key', async () => {
    const target = await start(env);
    const response = await post(target, { authorization: `Bearer ${PROXY_KEY}` });

    expect(response.status).toBe(200);
    expect(upstreamCredential(target)).toEqual({ 'x-api-key': SERVER_KEY });
    await expectNoKeyIn(target, response.text);
  });

  it.each([
    ['x-api-key', { 'x-api-key': CLIENT_KEY }, { 'x-api-key': CLIENT_KEY }],
    ['Bearer', { authorization: `Bearer ${CLIENT_TOKEN}` }, { authorization: `Bearer ${CLIENT_TOKEN}` }],
  ])('passes any other %s credential through', async (_style, credential, expected) => {
    const target = await start(env);
    const response = await post(target, credential);

    expect(response.status).toBe(200);
    expect(upstreamCredential(target)).toEqual(expected);
    await expectNoKeyIn(target, response.text);
  });

  it('answers 500 naming the problem when the proxy key is presented but no server key is configured', async () => {
    const target = await start({ PROXY_API_KEY: PROXY_KEY });
    const response = await post(target, { 'x-api-key': PROXY_KEY });

    expect(response.status).toBe(500);
    const error = anthropicError(response.text).error;
    expect(error.type).toBe('api_error');
    expect(error.message).toMatch(/no upstream key is configured/i);
    expect(target.upstream.requests).toHaveLength(0);
    await expectNoKeyIn(target, response.text);
  });
});
