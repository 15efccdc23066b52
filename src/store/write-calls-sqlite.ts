import { isUtf8 } from 'node:buffer';
import type SqliteDatabase from 'better-sqlite3';
import type { CallRecord } from '../core/call-record.js';
import { callColumns } from './call-columns.js';
import { callRow, type CallRow } from './call-row.js';
import { columnCodec } from './column-codec.js';
import { headersPartHash, minHeadersPartLength } from './headers-part.js';
import { KnownRequestParts } from './known-request-parts.js';
import { policyEventRows } from './policy-event-rows.js';
import { requestPartRefsJson, type CallToStore } from './request-in-parts.js';
import { searchText } from './search-text.js';
import { sessionDeltas } from './session-delta.js';
import { wholeRequest } from './whole-request.js';

type Connection = SqliteDatabase.Database;

interface Statements {
  readonly insertCall: SqliteDatabase.Statement;
  readonly indexCall: SqliteDatabase.Statement<[number, string]>;
  readonly insertEvent: SqliteDatabase.Statement<[Record<string, unknown>]>;
  readonly upsertSession: SqliteDatabase.Statement<[Record<string, unknown>]>;
  readonly partsEpoch: SqliteDatabase.Statement<[], { value: number }>;
  readonly partNumber: SqliteDatabase.Statement<[string, string], { seq: number | null }>;
  readonly topPartNumber: SqliteDatabase.Statement<[string], { top: number }>;
  readonly numberPart: SqliteDatabase.Statement<[number, string, string]>;
  readonly insertPart: SqliteDatabase.Statement<[string, string, string, number]>;
  readonly known: KnownRequestParts;
}

/** The columns a call row fills, in the INSERT's order: every one a reader reads (call-columns.ts). */
const insertedColumns: readonly (keyof CallRow)[] = callColumns;

const originalRequestIndex = insertedColumns.indexOf('original_request');
const originalRequestPartsIndex = insertedColumns.indexOf('original_request_parts');
const requestHeadersIndex = insertedColumns.indexOf('request_headers');

/**
 * The client's bytes, when they can be stored as the original request's JSON text without decoding
 * them into a string first (which better-sqlite3 would only encode back into these same bytes): the
 * request is the one they were parsed from, and they are valid UTF-8 (else the text the pipeline
 * parsed had replacement characters, and that text is what is stored).
 */
function requestBytesToStore(record: CallRecord): Buffer | undefined {
  const bytes = record.originalRequestBytes;
  if (bytes === undefined || record.originalRequest === undefined) return undefined;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return isUtf8(buffer) ? buffer : undefined;
}

/** Prepared once per connection: preparing is most of what a statement costs at this size. */
const statementsOf = new WeakMap<Connection, Statements>();

function statements(connection: Connection): Statements {
  let prepared = statementsOf.get(connection);
  if (prepared === undefined) {
    prepared = {
      // Positional: binding by name looks each of ~30 names up on the row object, natively, per row.
      // The request may come as the client's UTF-8 bytes, which CAST stores as the text they are. The
      // new row's id comes from `run`'s result, not RETURNING: a result row made into an object for
      // every call cost about 1 µs a call.
      insertCall: connection.prepare(
        `INSERT INTO calls (${insertedColumns.join(', ')})
         VALUES (${insertedColumns.map((column) => (column === 'original_request' ? 'CAST(? AS TEXT)' : '?')).join(', ')})
         ON CONFLICT (call_id) DO NOTHING`,
      ),
      indexCall: connection.prepare('INSERT INTO calls_fts (rowid, content) VALUES (?, ?)'),
      insertEvent: connection.prepare('INSERT INTO policy_events (call_id, seq, policy, type, summary, data, at) VALUES (@call_id, @seq, @policy, @type, @summary, @data, @at)'),
      // As upsert-session.ts, in SQLite's terms: one statement per session, no read-modify-write.
      upsertSession: connection.prepare(
        `INSERT INTO sessions (session_id, user_id, first_at, last_at, call_count, intervention_count, models, last_model)
         VALUES (@session_id, @user_id, @first_at, @last_at, @call_count, @intervention_count, @models, @last_model)
         ON CONFLICT (session_id) DO UPDATE SET
           user_id = CASE WHEN excluded.last_at >= sessions.last_at THEN coalesce(excluded.user_id, sessions.user_id) ELSE coalesce(sessions.user_id, excluded.user_id) END,
           last_model = CASE WHEN excluded.last_at >= sessions.last_at THEN coalesce(excluded.last_model, sessions.last_model) ELSE coalesce(sessions.last_model, excluded.last_model) END,
           first_at = min(sessions.first_at, excluded.first_at),
           last_at = max(sessions.last_at, excluded.last_at),
           call_count = sessions.call_count + excluded.call_count,
           intervention_count = sessions.intervention_count + excluded.intervention_count,
           models = (SELECT json_group_array(value) FROM (SELECT value FROM json_each(sessions.models) UNION SELECT value FROM json_each(excluded.models) ORDER BY value))`,
      ),
      partsEpoch: connection.prepare(`SELECT value FROM store_meta WHERE key = 'request_parts_epoch'`),
      partNumber: connection.prepare('SELECT seq FROM request_parts WHERE session_id = ? AND hash = ?'),
      topPartNumber: connection.prepare('SELECT coalesce(max(seq), 0) AS top FROM request_parts WHERE session_id = ?'),
      numberPart: connection.prepare('UPDATE request_parts SET seq = ? WHERE session_id = ? AND hash = ?'),
      // Looked for first, under the write lock: a conflict here is a bug, and fails the batch.
      insertPart: connection.prepare('INSERT INTO request_parts (session_id, hash, body, seq) VALUES (?, ?, ?, ?)'),
      known: new KnownRequestParts(),
    };
    statementsOf.set(connection, prepared);
  }
  return prepared;
}

/**
 * `writeCalls` on SQLite, with statements prepared once per connection and run row by row in one
 * transaction. Same rows and the same idempotence as the Kysely path Postgres takes; it exists because
 * building and compiling a 100-row INSERT of ~30 columns per batch, and SQLite preparing it, cost more
 * than writing the rows (docs/decisions/2026-11-26-recording-write-path.md). Synchronous: the caller holds
 * the connection (Kysely's mutex) so no other statement interleaves.
 */
export function writeCallsSqlite(connection: Connection, records: readonly CallToStore[]): number {
  const codec = columnCodec('sqlite');
  const prepared = statements(connection);
  const { insertCall, indexCall, insertEvent, upsertSession } = prepared;
  // Immediate: the write lock before the first read, so the parts found present stay so until commit
  // (a deletion in another connection waits, rather than sweeping a part this batch refers to).
  const write = connection.transaction(() => {
    prepared.known.begin(prepared.partsEpoch.get()?.value ?? 0);
    const nextNumbers = new Map<string, number>();
    const fresh: { record: CallRecord; rid: number }[] = [];
    const seen = new Set<string>();
    for (const given of records) {
      // Parts are kept per session: a call with none is stored whole.
      const record = given.sessionId === undefined ? wholeRequest(given) : given;
      const callId = codec.text(record.callId);
      if (seen.has(callId)) continue;
      seen.add(callId);
      const inParts = record === given ? given.originalRequestInParts : undefined;
      const bytes = inParts === undefined ? requestBytesToStore(record) : undefined;
      const row = callRow(record, codec, bytes !== undefined || inParts !== undefined ? null : undefined);
      // The row's fields come in the INSERT's order (call-row.test.ts checks it): its values are the parameters.
      const parameters: unknown[] = Object.values(row);
      if (bytes !== undefined) parameters[originalRequestIndex] = bytes;
      if (record.sessionId !== undefined) {
        const sessionId = codec.text(record.sessionId);
        if (inParts !== undefined) {
          const numbers = inParts.parts.map((part) => partNumber(prepared, nextNumbers, sessionId, part.hash, part.body));
          parameters[originalRequestIndex] = inParts.skeleton;
          parameters[originalRequestPartsIndex] = requestPartRefsJson(inParts, numbers);
        }
        // The session's headers, the same on most of its calls, kept once: the row names their part.
        const headers = row.request_headers;
        if (headers.length >= minHeadersPartLength) {
          const number = partNumber(prepared, nextNumbers, sessionId, headersPartHash(record.requestHeaders, headers), () => headers);
          parameters[requestHeadersIndex] = String(number);
        }
      }
      // Nothing inserted: already stored (a retried batch whose first write landed), skipped whole.
      const inserted = insertCall.run(...parameters);
      if (inserted.changes === 1) fresh.push({ record, rid: Number(inserted.lastInsertRowid) });
    }
    for (const { record } of fresh) for (const event of policyEventRows(record, codec)) insertEvent.run(event);
    for (const delta of sessionDeltas(fresh.map(({ record }) => record))) {
      upsertSession.run({
        session_id: codec.text(delta.sessionId),
        user_id: codec.optionalText(delta.userId),
        first_at: delta.firstAt,
        last_at: delta.lastAt,
        call_count: delta.callCount,
        intervention_count: delta.interventionCount,
        models: codec.textList([...delta.models].sort()),
        last_model: codec.optionalText(delta.lastModel),
      });
    }
    // Last, and all together: FTS5 writes what it holds in memory to a new segment at every savepoint,
    // and each statement on another table that follows an FTS write opens one. Interleaved with the
    // calls, each call became its own segment, to be merged again (9 % of the worker's instructions).
    for (const { record, rid } of fresh) indexCall.run(rid, codec.text(searchText(record)));
    return fresh.length;
  });
  try {
    const written = write.immediate();
    prepared.known.commit();
    return written;
  } catch (error) {
    prepared.known.rollback();
    throw error;
  }
}

/**
 * The number of a part in its session, stored under the session's next number if the session does not
 * hold it yet. Parts the writer has seen stored are not looked up again (`KnownRequestParts`); a part
 * stored by a batch that is then retried is simply found present, and one stored before parts were
 * numbered gets its number now. `nextNumbers` holds, per session, the number the transaction gives
 * next, read from the table the first time it needs one.
 */
function partNumber(prepared: Statements, nextNumbers: Map<string, number>, sessionId: string, hash: string, body: () => string): number {
  const known = prepared.known.numberOf(sessionId, hash);
  if (known !== undefined) return known;
  const nextNumber = (): number => {
    const next = nextNumbers.get(sessionId) ?? (prepared.topPartNumber.get(sessionId)?.top ?? 0) + 1;
    nextNumbers.set(sessionId, next + 1);
    return next;
  };
  let number: number;
  const stored = prepared.partNumber.get(sessionId, hash);
  if (stored === undefined) prepared.insertPart.run(sessionId, hash, body(), (number = nextNumber()));
  else if (stored.seq === null) prepared.numberPart.run((number = nextNumber()), sessionId, hash);
  else number = stored.seq;
  prepared.known.add(sessionId, hash, number);
  return number;
}
