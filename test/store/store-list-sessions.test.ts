import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidCursorError } from '../../src/store/invalid-cursor-error.js';
import { listSessions, type ListSessionsQuery } from '../../src/store/list-sessions.js';
import { writeCalls } from '../../src/store/write-calls.js';
import { openTestStore, type TestStore } from '../helpers/open-test-store.js';
import { anthropicCall, baseTime, failedResponsesCall, openAiChatCall } from './support/sample-calls.js';

const dialects = ['sqlite', 'postgres'] as const;
const minute = 60_000;

describe.each(dialects)('sessions list on %s', (dialect) => {
  let test: TestStore;
  beforeEach(async () => {
    test = await openTestStore(dialect);
  });
  afterEach(() => test.dispose());

  async function ids(query: Omit<ListSessionsQuery, 'limit'>): Promise<string[]> {
    return (await listSessions(test.store, { limit: 100, ...query })).sessions.map((session) => session.sessionId);
  }

  it('pages through every session once, most recent first, across equal times', async () => {
    // 25 sessions, five of them sharing each last-activity time, so the cursor's tie-break matters.
    const records = Array.from({ length: 25 }, (_, index) => openAiChatCall({ callId: `c${index}`, sessionId: `s${String(index).padStart(2, '0')}`, receivedAt: baseTime + Math.floor(index / 5) * minute }));
    await writeCalls(test.store, records);
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await listSessions(test.store, { limit: 10, ...(cursor === undefined ? {} : { cursor }) });
      pages.push(page.sessions.map((session) => session.sessionId));
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    expect(pages.map((page) => page.length)).toEqual([10, 10, 5]);
    const expected = records
      .map((record) => ({ id: record.sessionId ?? '', at: record.receivedAt }))
      .sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1))
      .map((entry) => entry.id);
    expect(pages.flat()).toEqual(expected);
  });

  it('says there is no next page when the last page is exactly full', async () => {
    await writeCalls(test.store, [1, 2, 3, 4].map((index) => openAiChatCall({ callId: `c${index}`, sessionId: `s${index}`, receivedAt: baseTime + index })));
    const first = await listSessions(test.store, { limit: 2 });
    expect(first.nextCursor).toBeDefined();
    const second = await listSessions(test.store, { limit: 2, cursor: first.nextCursor ?? '' });
    expect(second.sessions.map((session) => session.sessionId)).toEqual(['s2', 's1']);
    expect(second.nextCursor).toBeUndefined();
  });

  it('refuses a cursor it did not make', async () => {
    await expect(listSessions(test.store, { limit: 10, cursor: 'not-a-cursor' })).rejects.toThrow(InvalidCursorError);
    await expect(listSessions(test.store, { limit: 10, cursor: Buffer.from('{"a":1}').toString('base64url') })).rejects.toThrow(InvalidCursorError);
  });

  describe('filters', () => {
    beforeEach(async () => {
      await writeCalls(test.store, [
        anthropicCall({ callId: 'a1', sessionId: 'alice-early', userId: 'alice', receivedAt: baseTime, model: 'claude-haiku-4-5', interventions: 0, assistantText: 'The zebra crossing is closed.' }),
        anthropicCall({ callId: 'a2', sessionId: 'alice-late', userId: 'alice', receivedAt: baseTime + 10 * minute, interventions: 2, toolName: 'WebFetch', assistantText: 'Fetching the page now.' }),
        openAiChatCall({ callId: 'b1', sessionId: 'bob', userId: 'bob', receivedAt: baseTime + 5 * minute, userText: 'Explain quantum tunnelling simply', assistantText: 'Particles borrow energy, loosely speaking.' }),
        failedResponsesCall({ callId: 'c1', sessionId: 'carol', userId: 'carol', receivedAt: baseTime + 20 * minute, assistantText: 'Refactoring the lexer' }),
        // A long session: its first call is early and its last late.
        openAiChatCall({ callId: 'd1', sessionId: 'dave', userId: 'dave', receivedAt: baseTime - 60 * minute }),
        openAiChatCall({ callId: 'd2', sessionId: 'dave', userId: 'dave', receivedAt: baseTime + 60 * minute, model: 'gpt-5' }),
      ]);
    });

    it('by user', async () => {
      expect(await ids({ userId: 'alice' })).toEqual(['alice-late', 'alice-early']);
      expect(await ids({ userId: 'nobody' })).toEqual([]);
    });

    it('by time range: sessions active within it', async () => {
      expect(await ids({ from: baseTime + 4 * minute, to: baseTime + 11 * minute })).toEqual(['dave', 'alice-late', 'bob']);
      expect(await ids({ from: baseTime + 15 * minute })).toEqual(['dave', 'carol']);
      expect(await ids({ to: baseTime - 1 })).toEqual(['dave']);
    });

    it('by model used by any call of the session', async () => {
      expect(await ids({ model: 'claude-haiku-4-5' })).toEqual(['alice-early']);
      expect(await ids({ model: 'gpt-4.1' })).toEqual(['dave', 'bob']);
      expect(await ids({ model: 'gpt-5' })).toEqual(['dave']);
    });

    it('with interventions', async () => {
      expect(await ids({ withInterventions: true })).toEqual(['alice-late']);
    });

    it('by words in the assistant’s text, the user’s last turn, or a tool call', async () => {
      expect(await ids({ search: 'zebra' })).toEqual(['alice-early']);
      // Case-insensitive: the client saw upper case, the upstream sent lower.
      expect(await ids({ search: 'ZEBRA Crossing' })).toEqual(['alice-early']);
      expect(await ids({ search: 'tunnelling' })).toEqual(['bob']);
      expect(await ids({ search: 'WebFetch' })).toEqual(['alice-late']);
      expect(await ids({ search: 'lexer' })).toEqual(['carol']);
      // Every word must match (in one call).
      expect(await ids({ search: 'zebra tunnelling' })).toEqual([]);
      // A tool call's input is searchable too.
      expect(await ids({ search: 'ls -la' })).toEqual(['alice-late', 'alice-early']);
    });

    it('treats search input as words, never as query syntax', async () => {
      for (const search of ['zebra OR bob', 'zebra*', 'NEAR(zebra)', "zebra') --", '-- ; !!', 'a:b:c', '(((', 'AND']) {
        await expect(ids({ search })).resolves.toBeInstanceOf(Array);
      }
      expect(await ids({ search: 'zebra OR bob' })).toEqual([]);
      expect(await ids({ search: '"zebra' })).toEqual(['alice-early']);
      expect(await ids({ search: '!!! ???' })).toEqual([]);
      expect(await ids({ search: '   ' })).toHaveLength(5);
    });

    it('combined, and paged', async () => {
      expect(await ids({ userId: 'alice', withInterventions: true, search: 'fetching' })).toEqual(['alice-late']);
      const first = await listSessions(test.store, { limit: 1, model: 'gpt-4.1' });
      expect(first.sessions.map((session) => session.sessionId)).toEqual(['dave']);
      const second = await listSessions(test.store, { limit: 1, model: 'gpt-4.1', cursor: first.nextCursor ?? '' });
      expect(second.sessions.map((session) => session.sessionId)).toEqual(['bob']);
      expect(second.nextCursor).toBeUndefined();
    });
  });
});
