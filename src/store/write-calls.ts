import { sql, type Kysely } from 'kysely';
import type { CallRecord } from '../core/call-record.js';
import { callRow } from './call-row.js';
import { chunks } from './chunks.js';
import { columnCodec, type ColumnCodec } from './column-codec.js';
import type { Database } from './database.js';
import { policyEventRows } from './policy-event-rows.js';
import type { CallToStore } from './request-in-parts.js';
import { searchText } from './search-text.js';
import { sessionDeltas } from './session-delta.js';
import type { Store } from './store.js';
import { upsertSession } from './upsert-session.js';
import { wholeRequest } from './whole-request.js';
import { writeCallsSqlite } from './write-calls-sqlite.js';

/** Rows per INSERT: ~30 columns each stays far below Postgres' bound on parameters. */
const rowsPerStatement = 100;

/**
 * Writes a batch in one transaction: the calls, their policy events, the session summaries and the
 * search index. Idempotent on `callId`: a call already stored (a retried batch whose first write did
 * land) is skipped whole, so nothing is counted twice. Returns how many calls were new. A request in
 * parts (request-in-parts.ts) is stored in parts on SQLite, whole on Postgres.
 */
export async function writeCalls(store: Store, records: readonly CallToStore[]): Promise<number> {
  if (records.length === 0) return 0;
  if (store.dialect === 'sqlite') {
    const connection = store.sqlite;
    if (connection === undefined) throw new Error('a SQLite store opened without its connection (see open-sqlite-store.ts)');
    // Holding Kysely's one connection keeps its transactions (a purge, say) from interleaving.
    return store.db.connection().execute(() => Promise.resolve(writeCallsSqlite(connection, records)));
  }
  // Requests in parts are a SQLite path for now: Postgres stores each whole.
  return writeCallsPostgres(store.db, records.map(wholeRequest));
}

async function writeCallsPostgres(db: Kysely<Database>, records: readonly CallRecord[]): Promise<number> {
  const codec = columnCodec('postgres');
  const byId = new Map<string, CallRecord>();
  for (const record of records) if (!byId.has(codec.text(record.callId))) byId.set(codec.text(record.callId), record);
  return db.transaction().execute(async (trx) => {
    const fresh: CallRecord[] = [];
    for (const run of chunks([...byId.values()], rowsPerStatement)) {
      for (const callId of await insertCalls(trx, codec, run)) fresh.push(byId.get(callId) as CallRecord);
    }
    const events = fresh.flatMap((record) => policyEventRows(record, codec));
    for (const run of chunks(events, rowsPerStatement)) await trx.insertInto('policy_events').values(run).execute();
    for (const delta of sessionDeltas(fresh)) await upsertSession(trx, codec, delta);
    return fresh.length;
  });
}

/** Inserts the calls not yet stored, their tsvector computed by the server. */
async function insertCalls(db: Kysely<Database>, codec: ColumnCodec, records: readonly CallRecord[]): Promise<string[]> {
  const inserted = await db
    .insertInto('calls')
    .values(records.map((record) => ({ ...callRow(record, codec), search: sql`to_tsvector('simple', ${codec.text(searchText(record))})` })))
    .onConflict((conflict) => conflict.column('call_id').doNothing())
    .returning('call_id')
    .execute();
  return inserted.map((row) => row.call_id);
}
