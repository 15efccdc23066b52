import { describe, expect, it } from 'vitest';
import type { Policy } from '../../src/core/policy.js';
import { closedAfterEach } from '../helpers/closed-after.js';
import { startTestGateway } from '../helpers/start-test-gateway.js';
import { claudeCodeHeaders, claudeCodeRequest, SESSION_ID } from './support/claude-code-request.js';
import { exchange, postChat, postMessages } from './support/http-exchange.js';
import { chatBody } from './support/openai-bodies.js';
import { waitFor } from './support/wait-for.js';

const ADMIN_KEY = 'history-admin-key';
const admin = { authorization: `Bearer ${ADMIN_KEY}` };

/** Upper-cases answers and says so: an intervention for the record. */
const shout: Policy = {
  name: 'shout',
  onTextDelta: (text, ctx) => {
    ctx.emit({ type: 'policy.shout.rewrote', summary: 'upper-cased the answer' });
    return text.toUpperCase();
  },
};

const startGateway = closedAfterEach((options: { env?: Record<string, string>; policy?: Policy } = {}) =>
  startTestGateway({ ...options, env: { ADMIN_API_KEY: ADMIN_KEY, RECORDER_FLUSH_MS: '20', ...options.env } }),
);

async function getJson(url: string, path: string): Promise<{ status: number; body: unknown }> {
  const answer = await exchange(url, path, { headers: admin });
  return { status: answer.status, body: JSON.parse(answer.text) as unknown };
}

interface SessionsPage {
  readonly sessions: readonly { readonly sessionId: string; readonly callCount: number; readonly interventionCount: number }[];
  readonly nextCursor?: string;
}

async function sessionsOf(url: string, query = ''): Promise<SessionsPage> {
  return (await getJson(url, `/api/sessions${query}`)).body as SessionsPage;
}

describe('the history API', () => {
  it('lists, searches and opens the sessions the gateway recorded', async () => {
    const gateway = await startGateway({ policy: shout });
    await postMessages(gateway.url, claudeCodeRequest('mock:echo find the zebra please', { stream: true }), claudeCodeHeaders);
    await postChat(gateway.url, chatBody('mock:text:3', { metadata: { session_id: 'chat-session' }, user: 'bob' }));
    await waitFor(async () => ((await sessionsOf(gateway.url)).sessions.length === 2 ? true : undefined), 5_000, 'both sessions recorded');

    const all = await sessionsOf(gateway.url);
    expect(all.sessions.map((session) => session.sessionId).sort()).toEqual([SESSION_ID, 'chat-session'].sort());
    expect((await sessionsOf(gateway.url, '?q=zebra')).sessions.map((session) => session.sessionId)).toEqual([SESSION_ID]);
    expect((await sessionsOf(gateway.url, '?user=bob')).sessions.map((session) => session.sessionId)).toEqual(['chat-session']);
    expect((await sessionsOf(gateway.url, '?interventions=true')).sessions).toHaveLength(2);
    const first = await sessionsOf(gateway.url, '?limit=1');
    expect(first.sessions).toHaveLength(1);
    const second = await sessionsOf(gateway.url, `?limit=1&cursor=${encodeURIComponent(first.nextCursor ?? '')}`);
    expect(second.sessions.map((session) => session.sessionId)).not.toEqual(first.sessions.map((session) => session.sessionId));

    const detail = await getJson(gateway.url, `/api/sessions/${SESSION_ID}`);
    expect(detail.status).toBe(200);
    const turns = JSON.stringify((detail.body as { turns: unknown }).turns);
    expect(turns).toContain('FIND THE ZEBRA PLEASE');
    expect(turns).toContain('shout');
  });

  it('shows one call with its diffs, and exports a session as Markdown and JSONL', async () => {
    const gateway = await startGateway({ policy: shout });
    const answer = await postChat(gateway.url, chatBody('mock:text:3', { metadata: { session_id: 'export-me' } }));
    const callId = String(answer.headers['x-luthien-call-id']);
    const call = await waitFor(async () => {
      const found = await getJson(gateway.url, `/api/calls/${callId}`);
      return found.status === 200 ? (found.body as { call: { callId: string }; diff: unknown }) : undefined;
    }, 5_000, 'the call recorded');
    expect(call.call.callId).toBe(callId);
    expect(JSON.stringify(call.diff)).toContain('WORD1');

    const markdown = await exchange(gateway.url, '/api/sessions/export-me/export?format=markdown', { headers: admin });
    expect(markdown.status).toBe(200);
    expect(markdown.headers['content-type']).toMatch(/^text\/markdown/);
    expect(markdown.headers['content-disposition']).toBe('attachment; filename="luthien-session-export-me.md"');
    expect(markdown.text).toContain('WORD1 WORD2 WORD3');

    const jsonl = await exchange(gateway.url, '/api/sessions/export-me/export?format=jsonl', { headers: admin });
    expect(jsonl.status).toBe(200);
    const lines = jsonl.text.trim().split('\n').map((line) => JSON.parse(line) as unknown);
    expect(lines.length).toBeGreaterThanOrEqual(1);
  });

  it('keeps the answer of a non-streaming call that went through untouched, read from the upstream body off the request path', async () => {
    const gateway = await startGateway();
    const answer = await postMessages(gateway.url, claudeCodeRequest('mock:text:3', { stream: false }), claudeCodeHeaders);
    expect(answer.status).toBe(200);
    const callId = String(answer.headers['x-luthien-call-id']);
    const found = await waitFor(async () => {
      const call = await getJson(gateway.url, `/api/calls/${callId}`);
      return call.status === 200 ? (call.body as { call: { stream: boolean; stopReason: unknown; usage: unknown; upstreamResponse?: unknown; clientResponse?: unknown } }).call : undefined;
    }, 5_000, 'the call recorded');
    expect(found.stream).toBe(false);
    expect(found.stopReason).toBe('end-turn');
    expect(found.usage).toMatchObject({ inputTokens: expect.any(Number) as unknown, outputTokens: 3 });
    expect(found.upstreamResponse).toMatchObject({ blocks: [{ type: 'text', text: 'word1 word2 word3' }], stopReason: 'end-turn', complete: true });
    expect(found.clientResponse).toEqual(found.upstreamResponse);
  });

  it('answers unknown sessions and calls with 404, bad queries with 400, and strangers with 401', async () => {
    const gateway = await startGateway();
    expect((await getJson(gateway.url, '/api/sessions/nope')).status).toBe(404);
    expect((await getJson(gateway.url, '/api/sessions/nope/export')).status).toBe(404);
    expect((await getJson(gateway.url, '/api/calls/nope')).status).toBe(404);
    expect((await getJson(gateway.url, '/api/sessions?limit=0')).status).toBe(400);
    expect((await getJson(gateway.url, '/api/sessions?cursor=garbage')).status).toBe(400);
    expect((await getJson(gateway.url, '/api/sessions/x/export?format=pdf')).status).toBe(400);
    expect((await exchange(gateway.url, '/api/sessions')).status).toBe(401);
  });
});
