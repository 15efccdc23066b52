import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallRecord } from '../core/call-record.js';
import type { JsonObject } from '../core/json.js';
import { anthropicCall, text } from '../history/__test-support__/call-record.js';
import { getCall } from './get-call.js';
import { migrateToLatest } from './migrate-to-latest.js';
import { openSqliteStore } from './open-sqlite-store.js';
import type { Store } from './store.js';
import { writeCalls } from './write-calls.js';

/** A call whose request came with the client's bytes, as the recording worker hands it over. */
function withBytes(callId: string, bytes: Buffer): CallRecord {
  const request = JSON.parse(bytes.toString('utf8')) as JsonObject;
  return anthropicCall([], [text('ok')], { callId, originalRequest: request, originalRequestBytes: bytes, finalRequest: request });
}

describe('writing calls to SQLite', () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'luthien-sqlite-writes-'));
    store = openSqliteStore(dir);
    await migrateToLatest(store);
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function storedRequest(callId: string): Promise<{ kind: string; value: unknown }> {
    const row = await sql<{ kind: string; value: unknown }>`SELECT typeof(original_request) AS kind, original_request AS value FROM calls WHERE call_id = ${callId}`.execute(store.db);
    const [first] = row.rows;
    if (first === undefined) throw new Error(`no call ${callId}`);
    return first;
  }

  it('stores the client bytes of a request as its JSON text, not as a blob', async () => {
    const body = '{"model":"claude-test","messages":[{"role":"user","content":"café → ✓ \\u00e9 😀"}]}';
    await writeCalls(store, [withBytes('call-utf8', Buffer.from(body))]);
    expect(await storedRequest('call-utf8')).toEqual({ kind: 'text', value: body });
    expect((await getCall(store, 'call-utf8'))?.originalRequest).toEqual(JSON.parse(body));
    // SQLite's JSON functions read it as JSON text.
    const model = await sql<{ model: string }>`SELECT original_request ->> '$.model' AS model FROM calls WHERE call_id = 'call-utf8'`.execute(store.db);
    expect(model.rows[0]?.model).toBe('claude-test');
  });

  it('stores the text the pipeline parsed when the bytes are not valid UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from('{"model":"claude-test","messages":[],"note":"a'), Buffer.from([0xff, 0xfe]), Buffer.from('b"}')]);
    await writeCalls(store, [withBytes('call-invalid', bytes)]);
    expect(await storedRequest('call-invalid')).toEqual({ kind: 'text', value: bytes.toString('utf8') });
    expect((await getCall(store, 'call-invalid'))?.originalRequest).toMatchObject({ note: 'a\uFFFD\uFFFDb' });
  });

  it('indexes a whole batch as one full-text segment', async () => {
    // FTS5 flushes what it holds to a new segment at every savepoint, which a statement on another
    // table opens: the index rows go last, together, or each call becomes a segment to merge later.
    const batch = Array.from({ length: 100 }, (_, index) => anthropicCall([{ role: 'user', content: `question number ${index}` }], [text(`answer ${index}`)], { callId: `call-${index}` }));
    expect(await writeCalls(store, batch)).toBe(100);
    const segments = await sql<{ n: number }>`SELECT count(DISTINCT segid) AS n FROM calls_fts_idx`.execute(store.db);
    expect(segments.rows[0]?.n).toBe(1);
    const found = await sql<{ n: number }>`SELECT count(*) AS n FROM calls_fts WHERE calls_fts MATCH 'answer'`.execute(store.db);
    expect(found.rows[0]?.n).toBe(100);
  });

  it('waits for a transaction on the same connection instead of joining it', async () => {
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const rolledBack = store.db
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto('sessions').values({ session_id: 'doomed', first_at: 1, last_at: 1, call_count: 1, intervention_count: 0, models: '[]' }).execute();
        await held;
        throw new Error('roll back');
      })
      .catch((error: unknown) => error);
    // Issued while the transaction is open: it must land on its own, whatever becomes of the other.
    const written = writeCalls(store, [anthropicCall([], [text('kept')], { callId: 'call-kept', sessionId: 'kept' })]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    expect(await rolledBack).toBeInstanceOf(Error);
    expect(await written).toBe(1);
    expect(await getCall(store, 'call-kept')).toBeDefined();
    const sessions = await store.db.selectFrom('sessions').select('session_id').orderBy('session_id').execute();
    expect(sessions.map((row) => row.session_id)).toEqual(['kept']);
  });
});
