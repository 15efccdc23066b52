import { sql } from 'kysely';
import { deleteCallsWhere } from './delete-calls-where.js';
import type { DeletionCounts } from './deletion-counts.js';
import { refreshSessions } from './refresh-sessions.js';
import type { Store } from './store.js';
import { sweepRequestParts } from './sweep-request-parts.js';

/** Deletes everything kept about a session: its calls, their policy events and search rows, its summary, its requests' parts. */
export async function deleteSession(store: Store, sessionId: string): Promise<DeletionCounts> {
  const counts = await deleteCallsWhere(store, sql`session_id = ${sessionId}`);
  // A summary with no calls left (normally already gone with its last call).
  const leftover = await refreshSessions(store.db, store.dialect, [sessionId]);
  // Parts with no call left (none normally: they go with the session's last call).
  await store.db.transaction().execute((trx) => sweepRequestParts(trx, [sessionId]));
  return { ...counts, sessions: counts.sessions + leftover };
}
