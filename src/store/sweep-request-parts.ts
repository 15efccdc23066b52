import { sql, type Kysely } from 'kysely';
import { chunks } from './chunks.js';
import type { Database } from './database.js';
import { referencedParts } from './referenced-parts.js';

/**
 * After calls were deleted: removes the parts of these sessions that no call left refers to, by number
 * or by digest, in its request or as its headers (all of them for a session with no call left). Run
 * inside the deletion's transaction. It first moves `request_parts_epoch` on, so that writers forget
 * the parts they remember (known-request-parts.ts); being a write, that also takes SQLite's write lock
 * before anything is read, so no recorder batch can refer to a part between the check and the delete.
 */
export async function sweepRequestParts(db: Kysely<Database>, sessionIds: readonly string[]): Promise<number> {
  if (sessionIds.length === 0) return 0;
  await db.updateTable('store_meta').set({ value: sql`value + 1` }).where('key', '=', 'request_parts_epoch').execute();
  let deleted = 0;
  for (const sessionId of new Set(sessionIds)) {
    const stored = await db.selectFrom('request_parts').select(['hash', 'seq']).where('session_id', '=', sessionId).execute();
    if (stored.length === 0) continue;
    const numbers = new Set<number>();
    const hashes = new Set<string>();
    const calls = await db.selectFrom('calls').select(['original_request_parts', 'request_headers']).where('session_id', '=', sessionId).execute();
    for (const call of calls) {
      const refs = referencedParts(call.original_request_parts, call.request_headers);
      for (const number of refs.numbers) numbers.add(number);
      for (const hash of refs.hashes) hashes.add(hash);
    }
    const unreferenced = stored.filter((part) => !hashes.has(part.hash) && (part.seq === null || !numbers.has(part.seq))).map((part) => part.hash);
    for (const run of chunks(unreferenced, 500)) {
      const result = await db.deleteFrom('request_parts').where('session_id', '=', sessionId).where('hash', 'in', run).executeTakeFirst();
      deleted += Number(result.numDeletedRows);
    }
  }
  return deleted;
}
