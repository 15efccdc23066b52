import type { Kysely } from 'kysely';
import { chunks } from './chunks.js';
import type { Database } from './database.js';
import { decodeJson } from './decode-column.js';
import { requestPartHashes } from './request-part-hashes.js';
import type { StoreDialect } from './store.js';

/** What a reader needs of a call's row to put its request back together. */
export interface RowWithParts {
  readonly session_id: string | null;
  readonly original_request_parts: unknown;
}

/** The parts some rows' requests refer to, parsed, by session then digest. */
export type RequestPartsBySession = ReadonlyMap<string, ReadonlyMap<string, unknown>>;

/** Loads, per session, every part the rows refer to (a page of a session's calls shares most of them). */
export async function requestPartsOf(db: Kysely<Database>, dialect: StoreDialect, rows: readonly RowWithParts[]): Promise<RequestPartsBySession> {
  const wanted = new Map<string, Set<string>>();
  for (const row of rows) {
    if (row.session_id === null) continue;
    const refs = requestPartHashes(row.original_request_parts);
    if (refs.length === 0) continue;
    let hashes = wanted.get(row.session_id);
    if (hashes === undefined) wanted.set(row.session_id, (hashes = new Set()));
    for (const hash of refs) hashes.add(hash);
  }
  const bySession = new Map<string, Map<string, unknown>>();
  for (const [sessionId, hashes] of wanted) {
    const parts = new Map<string, unknown>();
    bySession.set(sessionId, parts);
    for (const run of chunks([...hashes], 500)) {
      const found = await db.selectFrom('request_parts').select(['hash', 'body']).where('session_id', '=', sessionId).where('hash', 'in', run).execute();
      // SQLite keeps JSON text; Postgres' jsonb comes back parsed, and a part may be a JSON string.
      for (const { hash, body } of found) parts.set(hash, dialect === 'sqlite' ? decodeJson(body) : body);
    }
  }
  return bySession;
}
