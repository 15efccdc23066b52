import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallRecord } from '../../src/core/call-record.js';
import type { JsonObject } from '../../src/core/json.js';
import { diffCall } from '../../src/history/diff-call.js';
import { reconstructTurns } from '../../src/history/reconstruct-turns.js';
import { decodeJson } from '../../src/store/decode-column.js';
import { getCall } from '../../src/store/get-call.js';
import { getSessionCalls } from '../../src/store/get-session-calls.js';
import { listSessions } from '../../src/store/list-sessions.js';
import { streamSessionCalls } from '../../src/store/stream-session-calls.js';
import { writeCalls } from '../../src/store/write-calls.js';
import { openTestStore, type TestStore } from '../helpers/open-test-store.js';
import { anthropicCall, baseTime, failedResponsesCall, openAiChatCall, rejectedCall } from './support/sample-calls.js';

const dialects = ['sqlite', 'postgres'] as const;

describe.each(dialects)('store writes and reads on %s', (dialect) => {
  let test: TestStore;
  beforeEach(async () => {
    test = await openTestStore(dialect);
  });
  afterEach(() => test.dispose());

  async function rowCount(table: 'calls' | 'policy_events' | 'sessions'): Promise<number> {
    const row = await test.store.db.selectFrom(table).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    return row.n;
  }

  it('reads back every field of every kind of call exactly as written', async () => {
    const records: CallRecord[] = [
      anthropicCall({ callId: 'call-anthropic', interventions: 3 }),
      openAiChatCall({ callId: 'call-chat', userId: 'user-2' }),
      failedResponsesCall({ callId: 'call-failed' }),
      rejectedCall({ callId: 'call-rejected' }),
    ];
    expect(await writeCalls(test.store, records)).toBe(4);
    for (const record of records) expect(await getCall(test.store, record.callId)).toEqual(record);
  });

  it('stores a request no policy changed once, and reads it back as the final request too', async () => {
    const unchanged = openAiChatCall({ callId: 'call-unchanged' });
    const changed = anthropicCall({ callId: 'call-changed' });
    expect(unchanged.finalRequest).toBe(unchanged.originalRequest);
    expect(changed.finalRequest).not.toEqual(changed.originalRequest);
    await writeCalls(test.store, [unchanged, changed, rejectedCall({ callId: 'call-none' })]);
    const stored = await test.store.db.selectFrom('calls').select(['call_id', 'final_request']).orderBy('call_id').execute();
    expect(stored.map((row) => [row.call_id, decodeJson(row.final_request)])).toEqual([
      ['call-changed', changed.finalRequest],
      ['call-none', null],
      ['call-unchanged', true],
    ]);

    const read = await getCall(test.store, 'call-unchanged');
    expect(read?.finalRequest).toEqual(unchanged.originalRequest);
    expect(read?.finalRequest).toBe(read?.originalRequest);
    expect(diffCall(read ?? unchanged).request).toEqual({ changes: [], omitted: 0 });
    expect(reconstructTurns(read === undefined ? [] : [read])[0]?.requestChangedByPolicy).toBe(false);
    expect((await getCall(test.store, 'call-none'))?.finalRequest).toBeUndefined();
  });

  it('reads a row that holds a full copy of an unchanged request (as rows written before the marker do)', async () => {
    const record = openAiChatCall({ callId: 'call-copy' });
    await writeCalls(test.store, [record]);
    const copy = JSON.stringify(record.originalRequest);
    await test.store.db.updateTable('calls').set({ final_request: copy }).where('call_id', '=', 'call-copy').execute();
    const read = await getCall(test.store, 'call-copy');
    expect(read).toEqual(record);
    expect(diffCall(read ?? record).request).toEqual({ changes: [], omitted: 0 });
  });

  it('stores a response the client got unchanged once, and reads it back as the client response too', async () => {
    const unchanged = openAiChatCall({ callId: 'call-same' });
    // Equal by value, not the same object: as the two taps of a call that no policy touched fold them.
    const copied: CallRecord = { ...unchanged, callId: 'call-copied', clientResponse: structuredClone(unchanged.upstreamResponse) };
    const changed = anthropicCall({ callId: 'call-changed' });
    expect(changed.clientResponse).not.toEqual(changed.upstreamResponse);
    await writeCalls(test.store, [unchanged, copied, changed, rejectedCall({ callId: 'call-none' })]);
    const stored = await test.store.db.selectFrom('calls').select(['call_id', 'client_response']).orderBy('call_id').execute();
    expect(stored.map((row) => [row.call_id, decodeJson(row.client_response)])).toEqual([
      ['call-changed', changed.clientResponse],
      ['call-copied', true],
      ['call-none', null],
      ['call-same', true],
    ]);
    for (const record of [unchanged, copied, changed]) {
      const read = await getCall(test.store, record.callId);
      expect(read).toEqual(record);
      if (record !== changed) expect(read?.clientResponse).toBe(read?.upstreamResponse);
    }
    expect((await getCall(test.store, 'call-none'))?.clientResponse).toBeUndefined();
  });

  it('keeps an original request that came with its bytes as the client wrote it, read back as the same value', async () => {
    const text = '{ "model": "gpt-test",\n  "messages": [ {"role": "user", "content": "caf\\u00e9 \\ud83d\\ude00 \\/ ✓", "n": 1.50} ] }';
    const request = JSON.parse(text) as JsonObject;
    const record: CallRecord = { ...openAiChatCall({ callId: 'call-bytes' }), originalRequest: request, originalRequestBytes: Buffer.from(text), finalRequest: request };
    await writeCalls(test.store, [record]);
    const row = await test.store.db.selectFrom('calls').select('original_request').where('call_id', '=', 'call-bytes').executeTakeFirstOrThrow();
    // SQLite stores the text itself; Postgres' jsonb parses it either way.
    if (dialect === 'sqlite') expect(row.original_request).toBe(text);
    const read = await getCall(test.store, 'call-bytes');
    expect(read?.originalRequest).toEqual({ model: 'gpt-test', messages: [{ role: 'user', content: 'café 😀 / ✓', n: 1.5 }] });
    expect(read?.finalRequest).toBe(read?.originalRequest);
  });

  it('keeps policy events in the order they happened', async () => {
    const record = anthropicCall({ callId: 'call-events', interventions: 12 });
    await writeCalls(test.store, [record]);
    const read = await getCall(test.store, 'call-events');
    expect(read?.policyEvents.map((event) => event.summary)).toEqual(record.policyEvents.map((event) => event.summary));
  });

  it('answers undefined for a call it does not have', async () => {
    expect(await getCall(test.store, 'no-such-call')).toBeUndefined();
  });

  it('ignores a retried batch: nothing duplicated, nothing counted twice', async () => {
    const batch = [anthropicCall({ callId: 'a1', interventions: 2 }), anthropicCall({ callId: 'a2', receivedAt: baseTime + 1000 })];
    expect(await writeCalls(test.store, batch)).toBe(2);
    expect(await writeCalls(test.store, batch)).toBe(0);
    // A retry that overlaps a newer batch: only the new call lands.
    expect(await writeCalls(test.store, [...batch, anthropicCall({ callId: 'a3', receivedAt: baseTime + 2000 })])).toBe(1);
    // The same call twice in one batch.
    const twice = anthropicCall({ callId: 'a4', receivedAt: baseTime + 3000 });
    expect(await writeCalls(test.store, [twice, twice])).toBe(1);
    expect(await rowCount('calls')).toBe(4);
    expect(await rowCount('policy_events')).toBe(5);
    const [session] = (await listSessions(test.store, { limit: 10 })).sessions;
    expect(session).toMatchObject({ sessionId: 'session-a', callCount: 4, interventionCount: 5 });
    expect((await listSessions(test.store, { limit: 10, search: 'directory' })).sessions).toHaveLength(1);
  });

  it('keeps each session summary current as batches arrive, whatever their order', async () => {
    await writeCalls(test.store, [
      anthropicCall({ callId: 'b2', sessionId: 's', userId: 'user-1', receivedAt: baseTime + 2000, model: 'claude-opus-4-1', interventions: 2 }),
      openAiChatCall({ callId: 'other', sessionId: 'elsewhere', receivedAt: baseTime }),
    ]);
    // An older call arrives later (another instance's batch), then a newer one from a later user id.
    await writeCalls(test.store, [anthropicCall({ callId: 'b1', sessionId: 's', userId: 'user-0', receivedAt: baseTime + 1000, model: 'claude-haiku-4-5', interventions: 0 })]);
    await writeCalls(test.store, [
      anthropicCall({ callId: 'b3', sessionId: 's', userId: 'user-3', receivedAt: baseTime + 3000, model: 'claude-sonnet-4-5', interventions: 1 }),
      rejectedCall({ callId: 'b4', sessionId: 's', receivedAt: baseTime + 4000 }),
    ]);
    const { sessions } = await listSessions(test.store, { limit: 10 });
    expect(sessions).toEqual([
      {
        sessionId: 's',
        userId: 'user-3',
        firstAt: baseTime + 1000,
        lastAt: baseTime + 4000,
        callCount: 4,
        interventionCount: 3,
        models: ['claude-haiku-4-5', 'claude-opus-4-1', 'claude-sonnet-4-5'],
        // The newest call named no model (it was refused): the last one that did.
        lastModel: 'claude-sonnet-4-5',
      },
      { sessionId: 'elsewhere', userId: undefined, firstAt: baseTime, lastAt: baseTime, callCount: 1, interventionCount: 0, models: ['gpt-4.1'], lastModel: 'gpt-4.1' },
    ]);
  });

  it('keeps calls without a session, with no session summary', async () => {
    await writeCalls(test.store, [rejectedCall({ callId: 'lonely', sessionId: undefined })]);
    expect(await getCall(test.store, 'lonely')).toMatchObject({ sessionId: undefined, outcome: 'rejected' });
    expect(await rowCount('sessions')).toBe(0);
  });

  it('returns a session’s calls in order, including calls received in the same millisecond', async () => {
    const records = [3, 1, 2, 2, 0].map((offset, index) => openAiChatCall({ callId: `c${index}`, sessionId: 'ordered', receivedAt: baseTime + offset }));
    await writeCalls(test.store, records);
    await writeCalls(test.store, [openAiChatCall({ callId: 'not-this-session', sessionId: 'other' })]);
    const calls = await getSessionCalls(test.store, 'ordered');
    expect(calls.map((call) => call.callId)).toEqual(['c4', 'c1', 'c2', 'c3', 'c0']);
    expect(calls[0]).toEqual(records[4]);
    expect(await getSessionCalls(test.store, 'no-such-session')).toEqual([]);
  });

  it('streams a session page by page: every call once, in order, read as it goes', async () => {
    const records = Array.from({ length: 10 }, (_, index) => anthropicCall({ callId: `p${String(index).padStart(2, '0')}`, sessionId: 'long', receivedAt: baseTime + Math.floor(index / 2) }));
    await writeCalls(test.store, records);
    const seen: string[] = [];
    const stream = streamSessionCalls(test.store, 'long', { pageSize: 3 });
    for await (const call of stream) {
      seen.push(call.callId);
      if (seen.length === 2) {
        // Pages not read yet reflect changes made meanwhile: the stream does not hold the session.
        await test.store.db.deleteFrom('calls').where('call_id', '=', 'p08').execute();
        await writeCalls(test.store, [anthropicCall({ callId: 'p99', sessionId: 'long', receivedAt: baseTime + 60_000 })]);
      }
    }
    expect(seen).toEqual(['p00', 'p01', 'p02', 'p03', 'p04', 'p05', 'p06', 'p07', 'p09', 'p99']);
  });

  it('stores any content, even characters Postgres cannot keep (replaced there, kept in SQLite)', async () => {
    const nasty = 'nul\u0000 lone\ud800 surrogate, backslash-u text \\u0000';
    const record = {
      ...anthropicCall({ callId: 'odd\u0000id', sessionId: 'odd\u0000session', model: `m\u0000`, assistantText: nasty, userText: nasty }),
      requestHeaders: { 'x-odd': nasty },
      error: { code: 'E', message: nasty },
      usage: { inputTokens: 1.5, outputTokens: Number.NaN, reasoningTokens: 2 ** 60 },
      timings: { done: Number.POSITIVE_INFINITY, upstreamHeaders: 3.25 },
    };
    expect(await writeCalls(test.store, [record])).toBe(1);
    const stored = dialect === 'sqlite' ? 'odd\u0000id' : 'odd\uFFFDid';
    const read = await getCall(test.store, stored);
    const text = read?.clientResponse?.blocks.find((block) => block.type === 'text');
    const expected = dialect === 'sqlite' ? nasty.toUpperCase() : 'NUL\uFFFD LONE\uFFFD SURROGATE, BACKSLASH-U TEXT \\U0000';
    expect(text).toEqual({ type: 'text', text: expected });
    // Text columns: a lone surrogate is not text, written as U+FFFD on both.
    const wellFormed = nasty.replace('\ud800', '\uFFFD');
    expect(read?.error?.message).toBe(dialect === 'sqlite' ? wellFormed : wellFormed.replace('\u0000', '\uFFFD'));
    // Counts that are not whole numbers within range are rounded or left out, never refused.
    expect(read?.usage).toEqual({ inputTokens: 2 });
    expect(read?.timings).toEqual({ upstreamHeaders: 3.25 });
  });

  it('writes a large batch in one go', async () => {
    const records = Array.from({ length: 450 }, (_, index) => openAiChatCall({ callId: `bulk-${index}`, sessionId: `s-${index % 7}`, receivedAt: baseTime + index, interventions: index % 3 }));
    expect(await writeCalls(test.store, records)).toBe(450);
    expect(await rowCount('calls')).toBe(450);
    expect(await rowCount('policy_events')).toBe(450);
    const { sessions } = await listSessions(test.store, { limit: 10 });
    expect(sessions.map((session) => session.callCount).reduce((sum, count) => sum + count, 0)).toBe(450);
  });

  it('writes nothing for an empty batch', async () => {
    expect(await writeCalls(test.store, [])).toBe(0);
    expect(await rowCount('calls')).toBe(0);
  });
});
