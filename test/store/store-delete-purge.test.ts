import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteSession } from '../../src/store/delete-session.js';
import { deleteUser } from '../../src/store/delete-user.js';
import { getCall } from '../../src/store/get-call.js';
import { getSessionCalls } from '../../src/store/get-session-calls.js';
import { listSessions } from '../../src/store/list-sessions.js';
import { purgeOlderThan } from '../../src/store/purge-older-than.js';
import { writeCalls } from '../../src/store/write-calls.js';
import { openTestStore, type TestStore } from '../helpers/open-test-store.js';
import { anthropicCall, baseTime, openAiChatCall } from './support/sample-calls.js';

const dialects = ['sqlite', 'postgres'] as const;
const day = 86_400_000;

describe.each(dialects)('deleting and purging on %s', (dialect) => {
  let test: TestStore;
  beforeEach(async () => {
    test = await openTestStore(dialect);
  });
  afterEach(() => test.dispose());

  async function rowCount(table: 'calls' | 'policy_events' | 'sessions' | 'calls_fts'): Promise<number> {
    const result = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(test.store.db);
    return Number(result.rows[0]?.n);
  }

  async function sessions() {
    return (await listSessions(test.store, { limit: 100 })).sessions;
  }

  /** SQLite keeps search rows apart from the calls: none may outlive its call. */
  async function expectSearchRowsMatchCalls(): Promise<void> {
    if (dialect === 'sqlite') expect(await rowCount('calls_fts')).toBe(await rowCount('calls'));
  }

  it('deletes a session: its calls, policy events, search rows and summary, and nothing else', async () => {
    await writeCalls(test.store, [
      anthropicCall({ callId: 'x1', sessionId: 'doomed', assistantText: 'secret platypus plans', interventions: 2 }),
      anthropicCall({ callId: 'x2', sessionId: 'doomed', receivedAt: baseTime + 1, interventions: 1 }),
      anthropicCall({ callId: 'k1', sessionId: 'kept', assistantText: 'ordinary platypus facts', interventions: 1 }),
    ]);
    expect(await deleteSession(test.store, 'doomed')).toEqual({ calls: 2, policyEvents: 3, sessions: 1 });
    expect(await getSessionCalls(test.store, 'doomed')).toEqual([]);
    expect(await getCall(test.store, 'x1')).toBeUndefined();
    expect((await sessions()).map((session) => session.sessionId)).toEqual(['kept']);
    expect((await listSessions(test.store, { limit: 10, search: 'platypus' })).sessions.map((session) => session.sessionId)).toEqual(['kept']);
    expect(await rowCount('policy_events')).toBe(1);
    await expectSearchRowsMatchCalls();
    expect(await deleteSession(test.store, 'doomed')).toEqual({ calls: 0, policyEvents: 0, sessions: 0 });
  });

  it('deletes a user: sessions left empty go, a shared session is recomputed without them', async () => {
    await writeCalls(test.store, [
      anthropicCall({ callId: 'm1', sessionId: 'mallory-only', userId: 'mallory', interventions: 1 }),
      anthropicCall({ callId: 'm2', sessionId: 'shared', userId: 'mallory', receivedAt: baseTime + 3000, model: 'claude-opus-4-1', interventions: 2 }),
      anthropicCall({ callId: 't1', sessionId: 'shared', userId: 'trent', receivedAt: baseTime + 1000, model: 'claude-haiku-4-5', interventions: 1 }),
      openAiChatCall({ callId: 't2', sessionId: 'shared', userId: undefined, receivedAt: baseTime + 2000 }),
      openAiChatCall({ callId: 'o1', sessionId: 'other', userId: 'oscar' }),
    ]);
    expect(await deleteUser(test.store, 'mallory')).toEqual({ calls: 2, policyEvents: 3, sessions: 1 });
    expect(await sessions()).toEqual([
      { sessionId: 'shared', userId: 'trent', firstAt: baseTime + 1000, lastAt: baseTime + 2000, callCount: 2, interventionCount: 1, models: ['claude-haiku-4-5', 'gpt-4.1'], lastModel: 'gpt-4.1' },
      expect.objectContaining({ sessionId: 'other', userId: 'oscar' }),
    ]);
    expect(await getSessionCalls(test.store, 'shared')).toHaveLength(2);
    await expectSearchRowsMatchCalls();
  });

  it('purges calls older than a time, recomputing what remains of their sessions', async () => {
    const now = baseTime + 40 * day;
    await writeCalls(test.store, [
      anthropicCall({ callId: 'old1', sessionId: 'old', receivedAt: baseTime, interventions: 1 }),
      anthropicCall({ callId: 'old2', sessionId: 'old', receivedAt: baseTime + day, interventions: 1 }),
      anthropicCall({ callId: 'span-old', sessionId: 'span', receivedAt: baseTime + 2 * day, model: 'claude-haiku-4-5', interventions: 2 }),
      anthropicCall({ callId: 'span-new', sessionId: 'span', receivedAt: now - day, interventions: 1 }),
      openAiChatCall({ callId: 'fresh', sessionId: 'fresh', receivedAt: now }),
    ]);
    expect(await purgeOlderThan(test.store, now - 30 * day)).toEqual({ calls: 3, policyEvents: 4, sessions: 1 });
    expect(await sessions()).toEqual([
      expect.objectContaining({ sessionId: 'fresh', callCount: 1 }),
      { sessionId: 'span', userId: 'user-1', firstAt: now - day, lastAt: now - day, callCount: 1, interventionCount: 1, models: ['claude-sonnet-4-5'], lastModel: 'claude-sonnet-4-5' },
    ]);
    await expectSearchRowsMatchCalls();
    expect(await purgeOlderThan(test.store, now - 30 * day)).toEqual({ calls: 0, policyEvents: 0, sessions: 0 });
  });

  it('purges more calls than one transaction takes', async () => {
    const records = Array.from({ length: 1234 }, (_, index) => openAiChatCall({ callId: `bulk-${index}`, sessionId: `s-${index % 50}`, receivedAt: baseTime + index, interventions: 1 }));
    for (let start = 0; start < records.length; start += 300) await writeCalls(test.store, records.slice(start, start + 300));
    await writeCalls(test.store, [openAiChatCall({ callId: 'keeper', sessionId: 's-0', receivedAt: baseTime + 10 * day })]);
    expect(await purgeOlderThan(test.store, baseTime + day)).toEqual({ calls: 1234, policyEvents: 1234, sessions: 49 });
    expect(await sessions()).toEqual([expect.objectContaining({ sessionId: 's-0', callCount: 1, interventionCount: 0 })]);
    expect(await rowCount('policy_events')).toBe(0);
    await expectSearchRowsMatchCalls();
  });
});
