import { describe, expect, it } from 'vitest';
import { startBeforeAll } from '../helpers/closed-after.js';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';
import { callLogOf } from './support/call-log.js';
import { expectValidResponse } from './support/expect-valid-response.js';
import { CODEX_SESSION_ID, codexHeaders, codexRequest } from './support/codex-request.js';
import { postChat, postResponses } from './support/http-exchange.js';
import { chatBody, responsesBody } from './support/openai-bodies.js';

const HEADER_SESSION = '7e2f9a10-5b3c-4d8e-9f01-23456789abcd';
const BODY_SESSION = 'c0ffee00-1111-4222-8333-444455556666';

let gateway: TestGateway;
startBeforeAll(startTestGateway, (started) => {
  gateway = started;
});

describe('/v1/chat/completions sessions and users in the call log', () => {
  it.each([
    ['the x-session-id header', {}, { 'x-session-id': HEADER_SESSION }, { sessionId: HEADER_SESSION }],
    ['Codex’s session-id header', {}, { 'session-id': HEADER_SESSION }, { sessionId: HEADER_SESSION }],
    ['metadata.session_id', { metadata: { session_id: BODY_SESSION } }, {}, { sessionId: BODY_SESSION }],
    ['metadata.session_id before any header', { metadata: { session_id: BODY_SESSION } }, { 'x-session-id': HEADER_SESSION }, { sessionId: BODY_SESSION }],
    ['user', { user: 'user-1234' }, {}, { userId: 'user-1234' }],
    ['safety_identifier', { safety_identifier: 'safety-5678' }, {}, { userId: 'safety-5678' }],
  ])('from %s', async (_source, fields, headers, expected) => {
    const response = await postChat(gateway.url, chatBody('hi', fields), headers);
    expect(response.status).toBe(200);
    expectValidResponse('openai-chat', response);

    const line = await callLogOf(gateway, response);
    expect(line).toMatchObject({ format: 'openai-chat', backend: 'openai', model: 'gpt-5', ...expected });
  });

  it('has neither when nothing names them', async () => {
    const response = await postChat(gateway.url, chatBody('hi'));
    const line = await callLogOf(gateway, response);

    expect(line.sessionId).toBeUndefined();
    expect(line.userId).toBeUndefined();
  });
});

describe('/v1/responses sessions and users in the call log', () => {
  it('a Codex request: client_metadata.session_id and the session-id header agree', async () => {
    const response = await postResponses(gateway.url, codexRequest('hi'), codexHeaders);
    expect(response.status).toBe(200);
    expectValidResponse('openai-responses', response);

    const line = await callLogOf(gateway, response);
    expect(line).toMatchObject({ format: 'openai-responses', backend: 'openai', model: 'gpt-5-codex', sessionId: CODEX_SESSION_ID, stream: true });
  });

  it.each([
    ['Codex’s session-id header', {}, { 'session-id': HEADER_SESSION }, { sessionId: HEADER_SESSION }],
    ['the x-session-id header', {}, { 'x-session-id': HEADER_SESSION }, { sessionId: HEADER_SESSION }],
    ['client_metadata.session_id', { client_metadata: { session_id: BODY_SESSION } }, {}, { sessionId: BODY_SESSION }],
    ['client_metadata.session_id before any header', { client_metadata: { session_id: BODY_SESSION } }, { 'session-id': HEADER_SESSION }, { sessionId: BODY_SESSION }],
    ['metadata.session_id', { metadata: { session_id: BODY_SESSION } }, {}, { sessionId: BODY_SESSION }],
    ['safety_identifier', { safety_identifier: 'safety-5678' }, {}, { userId: 'safety-5678' }],
    ['user', { user: 'user-1234' }, {}, { userId: 'user-1234' }],
  ])('from %s', async (_source, fields, headers, expected) => {
    const response = await postResponses(gateway.url, responsesBody('hi', fields), headers);
    expect(response.status).toBe(200);
    expectValidResponse('openai-responses', response);

    const line = await callLogOf(gateway, response);
    expect(line).toMatchObject({ format: 'openai-responses', ...expected });
  });

  it('has neither when nothing names them', async () => {
    const response = await postResponses(gateway.url, responsesBody('hi'));
    const line = await callLogOf(gateway, response);

    expect(line.sessionId).toBeUndefined();
    expect(line.userId).toBeUndefined();
  });
});
