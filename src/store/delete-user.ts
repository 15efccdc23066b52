import { sql } from 'kysely';
import { deleteCallsWhere } from './delete-calls-where.js';
import type { DeletionCounts } from './deletion-counts.js';
import { refreshSessions } from './refresh-sessions.js';
import type { Store } from './store.js';

/**
 * Deletes every call of a user. Sessions left empty go; a session shared with other users' calls
 * stays, recomputed from those, so the user's id no longer appears anywhere.
 */
export async function deleteUser(store: Store, userId: string): Promise<DeletionCounts> {
  const counts = await deleteCallsWhere(store, sql`user_id = ${userId}`);
  const leftover = await store.db.transaction().execute(async (trx) => {
    const named = await trx.updateTable('sessions').set({ user_id: null }).where('user_id', '=', userId).returning('session_id').execute();
    return refreshSessions(
      trx,
      store.dialect,
      named.map((row) => row.session_id),
    );
  });
  return { ...counts, sessions: counts.sessions + leftover };
}
