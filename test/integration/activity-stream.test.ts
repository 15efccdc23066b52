import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../../src/events/activity-event.js';
import { startTestGateway } from '../helpers/start-test-gateway.js';
import { closedAfterEach } from '../helpers/closed-after.js';
import { claudeCodeHeaders, claudeCodeRequest } from './support/claude-code-request.js';
import { postChat, postMessages } from './support/http-exchange.js';
import { chatBody } from './support/openai-bodies.js';
import { waitFor } from './support/wait-for.js';

const ADMIN_KEY = 'admin-key-for-tests';
const startGateway = closedAfterEach((env: Record<string, string> = {}) => startTestGateway({ env: { ADMIN_API_KEY: ADMIN_KEY, ...env } }));

/** Subscribes to the activity stream and collects its events and comment lines until closed. */
async function watch(baseUrl: string, query = '') {
  const controller = new AbortController();
  const response = await request(`${baseUrl}/api/activity/stream${query}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` }, signal: controller.signal });
  const events: ActivityEvent[] = [];
  const comments: string[] = [];
  let buffer = '';
  response.body.setEncoding('utf8');
  response.body.on('data', (chunk: string) => {
    buffer += chunk;
    let end;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (block.startsWith(':')) comments.push(block.slice(1).trim());
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (data !== undefined) events.push(JSON.parse(data) as ActivityEvent);
    }
  });
  response.body.on('error', () => undefined);
  return { response, events, comments, close: () => controller.abort() };
}

describe('GET /api/activity/stream', () => {
  it('streams each call’s phases live, in order', async () => {
    const gateway = await startGateway();
    const watcher = await watch(gateway.url);
    expect(watcher.response.statusCode).toBe(200);
    expect(watcher.response.headers['content-type']).toMatch(/^text\/event-stream/);

    const answer = await postMessages(gateway.url, claudeCodeRequest('mock:text:3'), claudeCodeHeaders);
    const callId = answer.headers['x-luthien-call-id'];
    await waitFor(() => (watcher.events.some((event) => event.type === 'call.completed') ? true : undefined), 5_000, 'call.completed');
    watcher.close();

    const mine = watcher.events.filter((event) => event.callId === callId);
    expect(mine.map((event) => event.type)).toEqual(['call.received', 'call.upstream-started', 'call.completed']);
    expect(mine[0]).toMatchObject({ format: 'anthropic', model: 'claude-opus-4-8', stream: true, sessionId: expect.any(String) as unknown, instance: expect.any(String) as unknown });
    expect(mine[2]).toMatchObject({ status: 200, outcome: 'completed', stopReason: 'end-turn' });
    expect(JSON.stringify(watcher.events)).not.toContain('sk-client-key');
  });

  it('filters by session and type, and reports errors', async () => {
    const gateway = await startGateway();
    const watcher = await watch(gateway.url, '?session=s-watched&types=call.completed,call.error');

    await postChat(gateway.url, chatBody('mock:text:2', { metadata: { session_id: 's-other' } }));
    await postChat(gateway.url, chatBody('mock:error:429', { metadata: { session_id: 's-watched' } }));
    await postChat(gateway.url, chatBody('mock:text:2', { metadata: { session_id: 's-watched' } }));
    await waitFor(() => (watcher.events.length >= 2 ? true : undefined), 5_000, 'two events');
    watcher.close();

    expect(watcher.events.map((event) => [event.type, event.sessionId])).toEqual([
      ['call.error', 's-watched'],
      ['call.completed', 's-watched'],
    ]);
    expect(watcher.events[0]).toMatchObject({ status: 429, outcome: 'upstream-error', errorCode: 'UPSTREAM_HTTP_429' });
  });

  it('sends heartbeats on an idle stream', async () => {
    const gateway = await startGateway({ ACTIVITY_HEARTBEAT_MS: '50' });
    const watcher = await watch(gateway.url);
    await waitFor(() => (watcher.comments.filter((comment) => comment === 'heartbeat').length >= 2 ? true : undefined), 5_000, 'two heartbeats');
    watcher.close();
  });

  it('refuses a bad filter, and anyone without the admin key', async () => {
    const gateway = await startGateway();
    const bad = await request(`${gateway.url}/api/activity/stream?types=call.exploded`, { headers: { 'x-api-key': ADMIN_KEY } });
    expect(bad.statusCode).toBe(400);
    expect(await bad.body.json()).toMatchObject({ error: { code: 'LUTHIEN_INVALID_REQUEST' } });

    const anonymous = await request(`${gateway.url}/api/activity/stream`);
    expect(anonymous.statusCode).toBe(401);
    await anonymous.body.dump();
    const unknown = await request(`${gateway.url}/api/nothing-here`, { headers: { 'x-api-key': ADMIN_KEY } });
    expect(unknown.statusCode).toBe(404);
    expect(await unknown.body.json()).toMatchObject({ error: { code: 'LUTHIEN_NOT_FOUND' } });
  });
});
