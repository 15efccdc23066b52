import type { Kysely } from 'kysely';
import { chunks } from './chunks.js';
import type { Database } from './database.js';
import { decodeJson } from './decode-column.js';
import { referencedParts } from './referenced-parts.js';
import type { PartRef } from './request-in-parts.js';
import type { StoreDialect } from './store.js';

/** What a reader needs of a call's row to put its request back together. */
export interface RowWithParts {
  readonly session_id: string | null;
  readonly original_request_parts: unknown;
  readonly request_headers: unknown;
}

/** The parts some rows' requests refer to, parsed, by session then reference (number, or digest in older rows). */
export type RequestPartsBySession = ReadonlyMap<string, ReadonlyMap<PartRef, unknown>>;

/** Loads, per session, every part the rows refer to (a page of a session's calls shares most of them). */
export async function requestPartsOf(db: Kysely<Database>, dialect: StoreDialect, rows: readonly RowWithParts[]): Promise<RequestPartsBySession> {
  const wanted = new Map<string, { numbers: Set<number>; hashes: Set<string> }>();
  for (const row of rows) {
    if (row.session_id === null) continue;
    const refs = referencedParts(row.original_request_parts, row.request_headers);
    if (refs.numbers.length === 0 && refs.hashes.length === 0) continue;
    let session = wanted.get(row.session_id);
    if (session === undefined) wanted.set(row.session_id, (session = { numbers: new Set(), hashes: new Set() }));
    for (const number of refs.numbers) session.numbers.add(number);
    for (const hash of refs.hashes) session.hashes.add(hash);
  }
  // SQLite keeps JSON text; Postgres' jsonb comes back parsed, and a part may be a JSON string.
  const parsed = (body: unknown): unknown => (dialect === 'sqlite' ? decodeJson(body) : body);
  const bySession = new Map<string, Map<PartRef, unknown>>();
  for (const [sessionId, { numbers, hashes }] of wanted) {
    const parts = new Map<PartRef, unknown>();
    bySession.set(sessionId, parts);
    for (const run of chunks([...numbers], 500)) {
      const found = await db.selectFrom('request_parts').select(['seq', 'body']).where('session_id', '=', sessionId).where('seq', 'in', run).execute();
      for (const { seq, body } of found) if (seq !== null) parts.set(seq, parsed(body));
    }
    for (const run of chunks([...hashes], 500)) {
      const found = await db.selectFrom('request_parts').select(['hash', 'body']).where('session_id', '=', sessionId).where('hash', 'in', run).execute();
      for (const { hash, body } of found) parts.set(hash, parsed(body));
    }
  }
  return bySession;
}
