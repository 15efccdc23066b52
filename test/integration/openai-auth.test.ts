import { describe, expect, it } from 'vitest';
import { closedAfterEach } from '../helpers/closed-after.js';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';
import { callLogOf } from './support/call-log.js';
import { expectNoKeyLeaked } from './support/expect-no-key-leaked.js';
import { expectValidResponse } from './support/expect-valid-response.js';
import { exchange, openaiError, type Exchange } from './support/http-exchange.js';
import { chatBody, responsesBody } from './support/openai-bodies.js';
import { upstreamCredential } from './support/upstream-credential.js';

const PROXY_KEY = 'luthien-proxy-key-openai-4c1e';
const SERVER_KEY = 'sk-proj-server-key-9a7b';
const ANTHROPIC_SERVER_KEY = 'sk-ant-server-key-openai-test';
const CLIENT_KEY = 'sk-proj-client-key-3d52';
const WRONG_KEY = 'sk-proj-wrong-key-77e0';
const ALL_KEYS = [PROXY_KEY, SERVER_KEY, ANTHROPIC_SERVER_KEY, CLIENT_KEY, WRONG_KEY];

const start = closedAfterEach((env: Record<string, string>) => startTestGateway({ env }));

const routes = [
  { route: '/v1/chat/completions', format: 'openai-chat', body: chatBody('hi') },
  { route: '/v1/responses', format: 'openai-responses', body: responsesBody('hi', { stream: true }) },
] as const;

function post(target: TestGateway, route: string, body: string, credential: Record<string, string>): Promise<Exchange> {
  return exchange(target.url, route, { method: 'POST', headers: { 'content-type': 'application/json', ...credential }, body });
}

/** Waits for the call's log line, then checks no key value appears in the logs, the response or `texts`. */
async function expectNoKeyIn(target: TestGateway, response: Exchange, ...texts: string[]): Promise<void> {
  await callLogOf(target, response);
  expectNoKeyLeaked(ALL_KEYS, target, [response.text, JSON.stringify(response.headers), ...texts]);
}

describe.each(routes)('$route', ({ route, format, body }) => {
  it('rejects a request with no credential with 401 in OpenAI shape, without calling the upstream', async () => {
    const target = await start({});
    const response = await post(target, route, body, {});

    expect(response.status).toBe(401);
    expect(openaiError(response.text).error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_api_key' });
    expect(target.upstream.requests).toHaveLength(0);
  });

  describe('AUTH_MODE=proxy_key', () => {
    const env = { AUTH_MODE: 'proxy_key', PROXY_API_KEY: PROXY_KEY, OPENAI_API_KEY: SERVER_KEY, ANTHROPIC_API_KEY: ANTHROPIC_SERVER_KEY };

    it.each([
      ['a wrong Bearer key', { authorization: `Bearer ${WRONG_KEY}` }],
      ['a wrong x-api-key', { 'x-api-key': WRONG_KEY }],
    ])('rejects %s with 401 invalid_api_key and never calls the upstream', async (_case, credential) => {
      const target = await start(env);
      const response = await post(target, route, body, credential);

      expect(response.status).toBe(401);
      expect(openaiError(response.text).error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_api_key' });
      expect(target.upstream.requests).toHaveLength(0);
      await expectNoKeyIn(target, response);
    });

    it.each([
      ['Bearer', { authorization: `Bearer ${PROXY_KEY}` }],
      ['x-api-key', { 'x-api-key': PROXY_KEY }],
    ])('maps the proxy key presented as %s to Authorization: Bearer OPENAI_API_KEY', async (_style, credential) => {
      const target = await start(env);
      const response = await post(target, route, body, credential);

      expect(response.status).toBe(200);
      expectValidResponse(format, response);
      expect(upstreamCredential(target)).toEqual({ authorization: `Bearer ${SERVER_KEY}` });
      expect(JSON.stringify(target.upstream.requests[0])).not.toContain(PROXY_KEY);
      await expectNoKeyIn(target, response);
    });

    it('answers 500 naming the missing OPENAI_API_KEY when the proxy key is presented without it', async () => {
      const target = await start({ AUTH_MODE: 'proxy_key', PROXY_API_KEY: PROXY_KEY, ANTHROPIC_API_KEY: ANTHROPIC_SERVER_KEY });
      const response = await post(target, route, body, { authorization: `Bearer ${PROXY_KEY}` });

      expect(response.status).toBe(500);
      const error = openaiError(response.text).error;
      expect(error.type).toBe('server_error');
      expect(error.message).toMatch(/no upstream key is configured/i);
      // An operator reading this must learn which setting to add.
      expect(error.message).toContain('OPENAI_API_KEY');
      expect(target.upstream.requests).toHaveLength(0);
      await expectNoKeyIn(target, response);
    });
  });

  describe('AUTH_MODE=passthrough', () => {
    const env = { AUTH_MODE: 'passthrough', PROXY_API_KEY: PROXY_KEY, OPENAI_API_KEY: SERVER_KEY };

    it('forwards the client Bearer token unchanged', async () => {
      const target = await start(env);
      const response = await post(target, route, body, { authorization: `Bearer ${CLIENT_KEY}` });

      expect(response.status).toBe(200);
      expectValidResponse(format, response);
      expect(upstreamCredential(target)).toEqual({ authorization: `Bearer ${CLIENT_KEY}` });
      await expectNoKeyIn(target, response);
    });

    it('does not swap the proxy key for the server key', async () => {
      const target = await start(env);
      await post(target, route, body, { authorization: `Bearer ${PROXY_KEY}` });

      expect(upstreamCredential(target)).toEqual({ authorization: `Bearer ${PROXY_KEY}` });
    });

    it('relays the upstream 401 in OpenAI shape for a key the upstream refuses', async () => {
      const target = await start(env);
      const response = await post(target, route, body, { authorization: 'Bearer invalid-key' });

      expect(response.status).toBe(401);
      expect(openaiError(response.text).error.code).toBe('invalid_api_key');
      expect(target.upstream.requests).toHaveLength(1);
    });
  });

  describe('AUTH_MODE=both (the default)', () => {
    it('maps the proxy key to the server key and passes any other Bearer token through', async () => {
      const target = await start({ PROXY_API_KEY: PROXY_KEY, OPENAI_API_KEY: SERVER_KEY });
      const mapped = await post(target, route, body, { authorization: `Bearer ${PROXY_KEY}` });
      expect(mapped.status).toBe(200);
      expectValidResponse(format, mapped);
      expect(upstreamCredential(target)).toEqual({ authorization: `Bearer ${SERVER_KEY}` });

      target.upstream.clearRequests();
      const own = await post(target, route, body, { authorization: `Bearer ${CLIENT_KEY}` });
      expect(own.status).toBe(200);
      expectValidResponse(format, own);
      expect(upstreamCredential(target)).toEqual({ authorization: `Bearer ${CLIENT_KEY}` });
    });
  });
});
