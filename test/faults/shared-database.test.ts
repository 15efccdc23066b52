import { describe, expect, inject, it } from 'vitest';
import { listSessions } from '../../src/store/list-sessions.js';
import type { SessionSummary } from '../../src/store/session-summary.js';
import { closedAfterEach } from '../helpers/closed-after.js';
import { exchange } from '../integration/support/http-exchange.js';
import { waitFor } from '../integration/support/wait-for.js';
import { namesOfCalls, recordedCallIdsOnce } from './support/recorded-calls.js';
import { sendServedCalls, type ServedCall } from './support/served-call.js';
import { startClosableGateway } from './support/start-closable-gateway.js';
import { openTestDatabase } from './support/test-database.js';

const ADMIN_KEY = 'faults-admin-key';
const openDatabase = closedAfterEach(openTestDatabase);
const startGateway = closedAfterEach(startClosableGateway);

/** The sessions list as the history API gives it, through one gateway. */
async function sessionsThrough(url: string): Promise<SessionSummary[]> {
  const answer = await exchange(url, '/api/sessions?limit=50', { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
  expect(answer.status, answer.text).toBe(200);
  return (JSON.parse(answer.text) as { sessions: SessionSummary[] }).sessions;
}

/** What the comparisons look at: each session's id and call count, and the models its calls named. */
function counts(sessions: readonly SessionSummary[]): Record<string, { calls: number; models: readonly string[] }> {
  return Object.fromEntries(sessions.map((session) => [session.sessionId, { calls: session.callCount, models: session.models }]));
}

describe.each(['postgres', 'sqlite'] as const)('two gateway instances on one %s database', (dialect) => {
  it('put the calls made through either in one sessions list, with exact counts for a session both wrote at once', { timeout: 60_000 }, async () => {
    const database = await openDatabase(dialect, dialect === 'postgres' ? inject('postgresUrl') : undefined);
    // Small batches written often, so the two instances' writes to the shared session interleave.
    const env = { ...database.env, ADMIN_API_KEY: ADMIN_KEY, RECORDER_FLUSH_MS: '10', RECORDER_BATCH_SIZE: '3' };
    const a = await startGateway(env);
    const b = await startGateway(env);

    // Both at once, each its calls one after the other (B starts one shape later, so formats differ).
    const traffic = async (url: string, offset: number, ownSession: string): Promise<[ServedCall[], ServedCall[]]> => [
      await sendServedCalls(url, offset, offset + 12, 'shared-session'),
      await sendServedCalls(url, 0, 3, ownSession),
    ];
    const [[sharedA, onlyA], [sharedB, onlyB]] = await Promise.all([traffic(a.url, 0, 'only-a'), traffic(b.url, 1, 'only-b')]);
    const phases = { sharedA, sharedB, onlyA, onlyB };
    const all = Object.values(phases).flat();
    const names = namesOfCalls(phases);
    const recorded = await waitFor(recordedCallIdsOnce(database.observer, all.length), 20_000, 'every call of both instances recorded');
    expect(names(recorded)).toEqual(names(all.map((call) => call.callId)));

    const mixed = ['claude-opus-4-8', 'gpt-5'];
    const expected = { 'shared-session': { calls: 24, models: mixed }, 'only-a': { calls: 3, models: mixed }, 'only-b': { calls: 3, models: mixed } };
    const fromStore = await listSessions(database.observer, { limit: 50 });
    expect(counts(fromStore.sessions)).toEqual(expected);
    expect(fromStore.nextCursor).toBeUndefined();
    // Either instance's history API shows the same list, the other's calls included.
    expect(counts(await sessionsThrough(a.url))).toEqual(expected);
    expect(counts(await sessionsThrough(b.url))).toEqual(expected);
    const detail = await exchange(b.url, '/api/sessions/only-a', { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(detail.status).toBe(200);
    expect(JSON.parse(detail.text)).toMatchObject({ sessionId: 'only-a', calls: 3 });
  });
});
