import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';
import { claudeCodeRequest, SESSION_ID } from './support/claude-code-request.js';
import { exchange, headerText, postMessages, type Exchange } from './support/http-exchange.js';
import { waitFor } from './support/wait-for.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const OTHER_SESSION = '9b1e4c2a-7d3f-4e8b-a5c6-0f1e2d3c4b5a';

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway({ env: { PROXY_API_KEY: 'luthien-ids-proxy-key' } });
});
afterAll(async () => {
  await gateway.close();
});

function callIdOf(response: Exchange): string {
  const id = headerText(response.headers, 'x-luthien-call-id');
  if (id === undefined) throw new Error(`no x-luthien-call-id on a ${response.status} response`);
  return id;
}

/** The `call` log line written for the response carrying `callId`. */
function callLog(callId: string): Promise<Record<string, unknown>> {
  return waitFor(() => gateway.logs.find((line) => line.msg === 'call' && line.callId === callId), 2000, `the call log of ${callId}`);
}

describe('x-luthien-call-id', () => {
  it('is a fresh, time-ordered UUID on every response, success or failure, streamed or not', async () => {
    const responses = [
      await postMessages(gateway.url, claudeCodeRequest('hi', { stream: true })),
      await postMessages(gateway.url, claudeCodeRequest('hi', { stream: false })),
      await postMessages(gateway.url, claudeCodeRequest('hi', { stream: false })),
      await postMessages(gateway.url, claudeCodeRequest('mock:error:429')),
      await postMessages(gateway.url, claudeCodeRequest('mock:error-event')),
      await postMessages(gateway.url, claudeCodeRequest('mock:mid-error')),
      await postMessages(gateway.url, claudeCodeRequest('hi'), { 'x-api-key': '' }),
      await postMessages(gateway.url, '{"model": "claude-opus-4-8"'),
      await exchange(gateway.url, '/v1/models', { headers: { 'x-api-key': 'sk-client-key' } }),
    ];
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 429, 529, 200, 401, 400, 200]);

    const ids = responses.map(callIdOf);
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(ids.length);
    // Version 7: issued one after the other, they sort in that order (the store's index grows at its end).
    for (const id of ids) expect(id[14]).toBe('7');
    expect([...ids].sort()).toEqual(ids);
  });

  it('is also on answers given before a route runs: unknown paths, wrong content types, oversized bodies', async () => {
    const small = await startTestGateway({ env: { MAX_REQUEST_BYTES: '64' } });
    try {
      const responses = [
        await exchange(small.url, '/nowhere'),
        await postMessages(small.url, 'x', { 'content-type': 'text/plain' }),
        await postMessages(small.url, claudeCodeRequest('hi')),
        await exchange(small.url, '/health'),
      ];
      expect(responses.map((response) => response.status)).toEqual([404, 415, 413, 200]);
      for (const response of responses) expect(callIdOf(response)).toMatch(UUID);
      const rejected = small.logs.find((line) => line.msg === 'request rejected');
      expect(rejected).toMatchObject({ code: 'LUTHIEN_BODY_TOO_LARGE', callId: callIdOf(responses[2] as Exchange) });
    } finally {
      await small.close();
    }
  });

  it('is the call id of the call log line', async () => {
    const response = await postMessages(gateway.url, claudeCodeRequest('hi', { stream: false }));
    const line = await callLog(callIdOf(response));

    expect(line).toMatchObject({ status: 200, outcome: 'completed', model: 'claude-opus-4-8', stream: false });
  });
});

describe('the session id in the call log', () => {
  const legacyUserId = `user_${'b'.repeat(64)}_account__session_${SESSION_ID}`;

  it.each([
    ['metadata.user_id as a JSON string', { userId: undefined }, {}, SESSION_ID],
    ['the legacy metadata.user_id form', { userId: legacyUserId }, {}, SESSION_ID],
    ['x-claude-code-session-id', { userId: null }, { 'x-claude-code-session-id': OTHER_SESSION }, OTHER_SESSION],
    ['x-session-id', { userId: null }, { 'x-session-id': OTHER_SESSION }, OTHER_SESSION],
    ['the body before any header', { userId: undefined }, { 'x-session-id': OTHER_SESSION }, SESSION_ID],
  ])('comes from %s', async (_source, options, headers, expected) => {
    const response = await postMessages(gateway.url, claudeCodeRequest('hi', { stream: false, ...options }), headers);
    expect(response.status).toBe(200);

    const line = await callLog(callIdOf(response));
    expect(line.sessionId).toBe(expected);
  });

  it('is absent when nothing names a session', async () => {
    const response = await postMessages(gateway.url, claudeCodeRequest('hi', { stream: false, userId: 'user_plain' }));
    const line = await callLog(callIdOf(response));

    expect(line.sessionId).toBeUndefined();
  });
});
