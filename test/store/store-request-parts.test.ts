import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallRecord } from '../../src/core/call-record.js';
import type { JsonObject } from '../../src/core/json.js';
import { anthropicCall, text } from '../../src/history/__test-support__/call-record.js';
import { requestInBytes } from '../../src/recording/pack-worker-batch.js';
import { splitRequest } from '../../src/recording/split-request.js';
import { deleteSession } from '../../src/store/delete-session.js';
import { getCall } from '../../src/store/get-call.js';
import { lastUserText } from '../../src/store/last-user-text.js';
import { openStore } from '../../src/store/open-store.js';
import { purgeOlderThan } from '../../src/store/purge-older-than.js';
import { referencedParts } from '../../src/store/referenced-parts.js';
import { requestPartRefs, type CallToStore, type RequestInParts } from '../../src/store/request-in-parts.js';
import { sessionsMatching } from '../../src/store/sessions-matching.js';
import { streamSessionCalls } from '../../src/store/stream-session-calls.js';
import { writeCalls } from '../../src/store/write-calls.js';
import { openTestStore, type TestStore } from '../helpers/open-test-store.js';

const filler = 'the quick brown fox jumps over the lazy dog '.repeat(8);

/** Turn `n` of an agent's session: the same system prompt and tools, and the history so far, re-sent. */
function turn(n: number, session = 'A'): JsonObject {
  const messages: JsonObject[] = [];
  for (let index = 1; index <= n; index++) {
    messages.push({ role: 'user', content: `${session} question ${index}: ${filler}` });
    if (index < n) messages.push({ role: 'assistant', content: index % 2 === 0 ? 'short answer' : `${session} answer ${index}: ${filler}` });
  }
  return {
    model: 'claude-test',
    max_tokens: 1000,
    system: [{ type: 'text', text: `You are a coding agent. ${filler}` }],
    messages,
    tools: [
      { name: 'Bash', description: `Runs a command. ${filler}`, input_schema: { type: 'object' } },
      { name: 'Read', description: `Reads a file. ${filler}`, input_schema: { type: 'object' } },
    ],
  };
}

/** A call whose original request the recorder split, as the recording worker hands it to the store. */
function callInParts(callId: string, request: JsonObject, overrides: Partial<CallRecord> = {}, onBody?: (hash: string) => void): CallToStore {
  const split = splitRequest(JSON.stringify(request));
  if (split === undefined) throw new Error('expected the request to split');
  const watched: RequestInParts = {
    skeleton: split.skeleton,
    parts: split.parts.map((part) => ({
      ...part,
      body: () => {
        onBody?.(part.hash);
        return part.body();
      },
    })),
  };
  const record = anthropicCall([], [text(`answer to ${callId}`)], {
    callId,
    originalRequest: requestInBytes,
    finalRequest: requestInBytes,
    userText: lastUserText(request),
    ...overrides,
  });
  return { ...record, originalRequestInParts: watched };
}

async function partCount(test: TestStore, sessionId?: string): Promise<number> {
  const row = await test.store.db
    .selectFrom('request_parts')
    .select(sql<number | string>`count(*)`.as('n'))
    .$if(sessionId !== undefined, (query) => query.where('session_id', '=', sessionId ?? ''))
    .executeTakeFirstOrThrow();
  // SQLite counts as a number, Postgres' bigint comes back as text.
  return Number(row.n);
}

describe.each(['sqlite', 'postgres'] as const)('requests in parts on %s', (dialect) => {
  let test: TestStore;
  beforeEach(async () => {
    test = await openTestStore(dialect);
  });
  afterEach(() => test.dispose());

  it('reads every request of a session back whole, the final request the same object', async () => {
    const requests = [1, 2, 3, 4, 5].map((n) => turn(n));
    await writeCalls(test.store, [callInParts('call-1', requests[0] ?? {}, { sessionId: 'A' })]);
    await writeCalls(
      test.store,
      requests.slice(1).map((request, index) => callInParts(`call-${index + 2}`, request, { sessionId: 'A', receivedAt: 1_800_000_000_000 + index })),
    );
    for (const [index, request] of requests.entries()) {
      const read = await getCall(test.store, `call-${index + 1}`);
      expect(read?.originalRequest).toEqual(request);
      expect(read?.finalRequest).toBe(read?.originalRequest);
    }
    const streamed: unknown[] = [];
    for await (const call of streamSessionCalls(test.store, 'A', { pageSize: 2 })) streamed.push(call.originalRequest);
    expect(streamed).toEqual(requests);
    // The newest user words are what the search index keeps: every call is found by them.
    const found = await sql<{ session_id: string }>`${sessionsMatching(test.store, 'question')}`.execute(test.store.db);
    expect(found.rows.map((row) => row.session_id)).toEqual(['A', 'A', 'A', 'A', 'A']);
  });
});

describe('requests in parts on sqlite', () => {
  let test: TestStore;
  beforeEach(async () => {
    test = await openTestStore('sqlite');
  });
  afterEach(() => test.dispose());

  it('keeps each distinct part once per session, and parses only the parts it did not have', async () => {
    const parsed: string[] = [];
    const onBody = (hash: string): void => void parsed.push(hash);
    await writeCalls(test.store, [callInParts('a1', turn(1), { sessionId: 'A' }, onBody), callInParts('a2', turn(2), { sessionId: 'A' }, onBody)]);
    // Turn 1: system, question 1, two tools. Turn 2 adds answer 1 and question 2.
    expect(await partCount(test, 'A')).toBe(6);
    expect(parsed).toHaveLength(6);
    parsed.length = 0;
    await writeCalls(test.store, [callInParts('a3', turn(3), { sessionId: 'A' }, onBody)]);
    // Turn 3 adds a short answer (in the skeleton) and question 3: one new part, the only one parsed.
    expect(await partCount(test, 'A')).toBe(7);
    expect(parsed).toHaveLength(1);

    // Another session with the same system prompt and tools keeps its own copies.
    await writeCalls(test.store, [callInParts('b1', turn(1), { sessionId: 'B' })]);
    expect(await partCount(test, 'B')).toBe(4);
    const stored = await test.store.db.selectFrom('calls').select(['call_id', 'original_request', 'original_request_parts']).where('call_id', '=', 'a3').executeTakeFirstOrThrow();
    expect(String(stored.original_request)).not.toContain('quick brown fox');
    // Numbered as first stored: turn 1's system prompt, question and tools, then answer 1 and question 2, then question 3.
    expect(String(stored.original_request_parts)).toBe('{"system":[1],"messages":[2,5,6,null,7],"tools":[3,4]}');
    const numbers = await test.store.db.selectFrom('request_parts').select('seq').where('session_id', '=', 'B').orderBy('seq').execute();
    expect(numbers.map((part) => part.seq)).toEqual([1, 2, 3, 4]);
  });

  it('refers to a long history by runs of numbers: a row grows by a few bytes a turn, not a digest a part', async () => {
    // As Claude Code sends it: the history so far, its newest message marked for the prompt cache and
    // re-sent unmarked the turn after (so a changed part every turn), then the tool call and its result.
    const history: JsonObject[] = [];
    const base = turn(1);
    const turns = 40;
    let last: JsonObject = base;
    for (let n = 1; n <= turns; n++) {
      const question = { type: 'text', text: `Question ${n}: ${filler}` };
      last = { ...base, messages: [...history, { role: 'user', content: [{ ...question, cache_control: { type: 'ephemeral' } }] }] };
      await writeCalls(test.store, [callInParts(`a${n}`, last, { sessionId: 'A' })]);
      history.push({ role: 'user', content: [question] }, { role: 'assistant', content: `Running step ${n}. ${filler}` }, { role: 'user', content: `Result of step ${n}: ${filler}` });
    }
    expect((await getCall(test.store, `a${turns}`))?.originalRequest).toEqual(last);
    const row = await test.store.db.selectFrom('calls').select('original_request_parts').where('call_id', '=', `a${turns}`).executeTakeFirstOrThrow();
    const stored = String(row.original_request_parts);
    const referred = referencedParts(stored).numbers.length;
    expect(referred).toBe(1 + 3 * (turns - 1) + 1 + 2);
    // By digest, each part the row refers to took 25 bytes; by runs, the 120 parts take a few bytes a turn.
    expect(stored.length).toBeLessThan(referred * 25 * 0.25);
    expect(stored).toContain('"messages":[[5,7],[9,11],[13,15],');
  });

  it('reads rows that name parts by digest, and numbers those parts when a call refers to them again', async () => {
    const first = callInParts('a1', turn(2), { sessionId: 'A', receivedAt: 1000 });
    await writeCalls(test.store, [first]);
    // As a store written before parts were numbered holds them: no numbers, and the row naming each part by its digest.
    await test.store.db.updateTable('request_parts').set({ seq: null }).execute();
    const digests = JSON.stringify(requestPartRefs(first.originalRequestInParts ?? { skeleton: '{}', parts: [] }));
    await test.store.db.updateTable('calls').set({ original_request_parts: digests }).where('call_id', '=', 'a1').execute();
    expect((await getCall(test.store, 'a1'))?.originalRequest).toEqual(turn(2));

    // The writer remembers nothing of them after a restart: a new connection.
    const other = openStore(test.config);
    try {
      await writeCalls(other, [callInParts('a2', turn(3), { sessionId: 'A', receivedAt: 2000 })]);
    } finally {
      await other.close();
    }
    // Turn 2's parts got numbers in the order turn 3 refers to them; only question 3 is new.
    expect(await partCount(test, 'A')).toBe(7);
    const row = await test.store.db.selectFrom('calls').select('original_request_parts').where('call_id', '=', 'a2').executeTakeFirstOrThrow();
    expect(String(row.original_request_parts)).toBe('{"system":[1],"messages":[[2,4],null,5],"tools":[6,7]}');
    expect((await getCall(test.store, 'a1'))?.originalRequest).toEqual(turn(2));
    expect((await getCall(test.store, 'a2'))?.originalRequest).toEqual(turn(3));

    // The old row alone still holds its parts against a sweep: purging a2 keeps all that a1 names by digest.
    await test.store.db.updateTable('calls').set({ received_at: 500 }).where('call_id', '=', 'a2').execute();
    await purgeOlderThan(test.store, 800);
    expect(await partCount(test, 'A')).toBe(6);
    expect((await getCall(test.store, 'a1'))?.originalRequest).toEqual(turn(2));
  });

  it('keeps a session’s request headers once, as one of its parts, and reads every call back with them', async () => {
    const headers = Object.freeze({ 'user-agent': 'claude-cli/1.0.98 (external, cli)', 'anthropic-version': '2023-06-01', 'x-app': 'cli' });
    await writeCalls(test.store, [
      callInParts('a1', turn(1), { sessionId: 'A', requestHeaders: headers, receivedAt: 1000 }),
      callInParts('a2', turn(2), { sessionId: 'A', requestHeaders: { ...headers }, receivedAt: 2000 }),
      callInParts('b1', turn(1), { sessionId: 'B', requestHeaders: headers, receivedAt: 2000 }),
      callInParts('short', turn(1), { sessionId: 'C', requestHeaders: { 'x-app': 'cli' }, receivedAt: 2000 }),
      callInParts('loose', turn(1), { sessionId: undefined, requestHeaders: headers, receivedAt: 2000 }),
    ]);
    // Turn 1's four parts and the headers, then turn 2's two new parts; B keeps its own copy.
    expect(await partCount(test, 'A')).toBe(7);
    expect(await partCount(test, 'B')).toBe(5);
    const rows = await test.store.db.selectFrom('calls').select(['call_id', 'request_headers']).orderBy('call_id').execute();
    expect(Object.fromEntries(rows.map((row) => [row.call_id, String(row.request_headers)]))).toEqual({
      // Numbered after the first call's request parts.
      a1: '5',
      a2: '5',
      b1: '5',
      // Too short to be worth a part, or with no session to keep one under: in the row.
      short: '{"x-app":"cli"}',
      loose: JSON.stringify(headers),
    });
    for (const callId of ['a1', 'a2', 'b1', 'loose']) expect((await getCall(test.store, callId))?.requestHeaders).toEqual(headers);
    expect((await getCall(test.store, 'short'))?.requestHeaders).toEqual({ 'x-app': 'cli' });
    const streamed: unknown[] = [];
    for await (const call of streamSessionCalls(test.store, 'A', { pageSize: 1 })) streamed.push(call.requestHeaders);
    expect(streamed).toEqual([headers, headers]);

    // The headers' part stays while a call names it, and goes with the last one.
    await purgeOlderThan(test.store, 1500);
    expect((await getCall(test.store, 'a2'))?.requestHeaders).toEqual(headers);
    await deleteSession(test.store, 'A');
    expect(await partCount(test, 'A')).toBe(0);
  });

  it('keeps headers named by a part when a sweep finds no request part in the row', async () => {
    const headers = Object.freeze({ 'user-agent': 'claude-cli/1.0.98 (external, cli)', 'anthropic-version': '2023-06-01', 'x-app': 'cli' });
    // A request too small to split: stored whole, its headers still kept as the session's part.
    const small = anthropicCall([], [text('ok')], { callId: 's1', sessionId: 'S', requestHeaders: headers, receivedAt: 1000 });
    const later = anthropicCall([], [text('ok')], { callId: 's2', sessionId: 'S', requestHeaders: headers, receivedAt: 2000 });
    await writeCalls(test.store, [small, later]);
    expect(await partCount(test, 'S')).toBe(1);
    await purgeOlderThan(test.store, 1500);
    expect(await partCount(test, 'S')).toBe(1);
    expect((await getCall(test.store, 's2'))?.requestHeaders).toEqual(headers);
  });

  it('stores whole the request of a call that has no session', async () => {
    await writeCalls(test.store, [callInParts('loose', turn(2), { sessionId: undefined })]);
    expect(await partCount(test)).toBe(0);
    const row = await test.store.db.selectFrom('calls').select(['original_request', 'original_request_parts']).executeTakeFirstOrThrow();
    expect(row.original_request_parts).toBeNull();
    expect((await getCall(test.store, 'loose'))?.originalRequest).toEqual(turn(2));
  });

  it('deletes the parts of a deleted session, and keeps those a purged session still refers to', async () => {
    await writeCalls(test.store, [
      callInParts('a1', turn(1), { sessionId: 'A', receivedAt: 1000 }),
      callInParts('a2', turn(2), { sessionId: 'A', receivedAt: 2000 }),
      callInParts('a3', { ...turn(3), system: [{ type: 'text', text: `A new system prompt. ${filler}` }] }, { sessionId: 'A', receivedAt: 3000 }),
      callInParts('b1', turn(1, 'B'), { sessionId: 'B', receivedAt: 3000 }),
    ]);
    expect(await partCount(test, 'A')).toBe(8);

    // Calls a1 and a2 go; a3 still carries the history and tools, not the first system prompt.
    await purgeOlderThan(test.store, 2500);
    expect(await partCount(test, 'A')).toBe(7);
    expect((await getCall(test.store, 'a3'))?.originalRequest).toEqual({ ...turn(3), system: [{ type: 'text', text: `A new system prompt. ${filler}` }] });

    await deleteSession(test.store, 'A');
    expect(await partCount(test, 'A')).toBe(0);
    expect(await partCount(test, 'B')).toBe(4);
    expect((await getCall(test.store, 'b1'))?.originalRequest).toEqual(turn(1, 'B'));
  });

  it('stores a part again after another connection deleted it, though the writer had seen it stored', async () => {
    await writeCalls(test.store, [callInParts('a1', turn(2), { sessionId: 'A' })]);
    // The CLI, say: its own connection to the same file.
    const other = openStore(test.config);
    try {
      await deleteSession(other, 'A');
    } finally {
      await other.close();
    }
    expect(await partCount(test, 'A')).toBe(0);
    await writeCalls(test.store, [callInParts('a2', turn(2), { sessionId: 'A' })]);
    expect((await getCall(test.store, 'a2'))?.originalRequest).toEqual(turn(2));
  });

  it('forgets the parts of a batch that failed, and stores them when the batch is written again', async () => {
    const good = callInParts('a1', turn(2), { sessionId: 'A' });
    // NOT NULL fails on the second row, after the first stored its parts: the transaction rolls back.
    const broken = { ...callInParts('a2', turn(2), { sessionId: 'A' }), receivedAt: null } as unknown as CallToStore;
    await expect(writeCalls(test.store, [good, broken])).rejects.toThrow(/NOT NULL/);
    expect(await partCount(test)).toBe(0);
    await writeCalls(test.store, [good]);
    expect(await partCount(test, 'A')).toBe(6);
    expect((await getCall(test.store, 'a1'))?.originalRequest).toEqual(turn(2));
  });

  it('grows by far less per call than the requests it keeps', async () => {
    const turns = 30;
    for (let n = 1; n <= turns; n++) await writeCalls(test.store, [callInParts(`a${n}`, turn(n), { sessionId: 'A' })]);
    const sent = Array.from({ length: turns }, (_, index) => JSON.stringify(turn(index + 1)).length).reduce((sum, size) => sum + size, 0);
    const kept = await sql<{ bytes: number }>`SELECT
      (SELECT sum(length(original_request) + length(original_request_parts)) FROM calls) + (SELECT sum(length(body)) FROM request_parts) AS bytes`.execute(test.store.db);
    const bytes = Number(kept.rows[0]?.bytes);
    // Each turn re-sends the whole history: what is sent grows with the square of the turns, what is kept about linearly.
    expect(bytes).toBeLessThan(sent / 5);
  });
});
