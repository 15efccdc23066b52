import { sql, type Kysely } from 'kysely';
import type { CallRecord } from '../core/call-record.js';
import { callRow } from './call-row.js';
import { chunks } from './chunks.js';
import { columnCodec, type ColumnCodec } from './column-codec.js';
import type { Database } from './database.js';
import { policyEventRows } from './policy-event-rows.js';
import { searchText } from './search-text.js';
import { sessionDeltas } from './session-delta.js';
import type { Store } from './store.js';
import { upsertSession } from './upsert-session.js';

/** Rows per INSERT: ~30 columns each stays far below either dialect's bound on parameters. */
const rowsPerStatement = 100;

/**
 * Writes a batch in one transaction: the calls, their policy events, the session summaries and the
 * search index. Idempotent on `callId`: a call already stored (a retried batch whose first write did
 * land) is skipped whole, so nothing is counted twice. Returns how many calls were new.
 */
export async function writeCalls(store: Store, records: readonly CallRecord[]): Promise<number> {
  if (records.length === 0) return 0;
  const codec = columnCodec(store.dialect);
  const byId = new Map<string, CallRecord>();
  for (const record of records) if (!byId.has(codec.text(record.callId))) byId.set(codec.text(record.callId), record);
  return store.db.transaction().execute(async (trx) => {
    const fresh: CallRecord[] = [];
    for (const run of chunks([...byId.values()], rowsPerStatement)) {
      const inserted = store.dialect === 'sqlite' ? await insertSqlite(trx, codec, run) : await insertPostgres(trx, codec, run);
      for (const callId of inserted) fresh.push(byId.get(callId) as CallRecord);
    }
    const events = fresh.flatMap((record) => policyEventRows(record, codec));
    for (const run of chunks(events, rowsPerStatement)) await trx.insertInto('policy_events').values(run).execute();
    // In one order for every writer, so two instances' batches lock the same sessions without deadlocking.
    const deltas = sessionDeltas(fresh).sort((a, b) => (a.sessionId < b.sessionId ? -1 : a.sessionId > b.sessionId ? 1 : 0));
    for (const delta of deltas) await upsertSession(trx, store.dialect, codec, delta);
    return fresh.length;
  });
}

/** Inserts the calls not yet stored and indexes them in FTS5 under their `rid`. */
async function insertSqlite(db: Kysely<Database>, codec: ColumnCodec, records: readonly CallRecord[]): Promise<string[]> {
  const inserted = await db
    .insertInto('calls')
    .values(records.map((record) => callRow(record, codec)))
    .onConflict((conflict) => conflict.column('call_id').doNothing())
    .returning(['call_id', 'rid'])
    .execute();
  if (inserted.length === 0) return [];
  const textOf = new Map(records.map((record) => [codec.text(record.callId), codec.text(searchText(record))]));
  await db
    .insertInto('calls_fts')
    .values(inserted.map((row) => ({ rowid: row.rid, content: textOf.get(row.call_id) ?? '' })))
    .execute();
  return inserted.map((row) => row.call_id);
}

/** Inserts the calls not yet stored, their tsvector computed by the server. */
async function insertPostgres(db: Kysely<Database>, codec: ColumnCodec, records: readonly CallRecord[]): Promise<string[]> {
  const inserted = await db
    .insertInto('calls')
    .values(records.map((record) => ({ ...callRow(record, codec), search: sql`to_tsvector('simple', ${codec.text(searchText(record))})` })))
    .onConflict((conflict) => conflict.column('call_id').doNothing())
    .returning('call_id')
    .execute();
  return inserted.map((row) => row.call_id);
}
