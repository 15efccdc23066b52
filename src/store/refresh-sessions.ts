import { sql, type Kysely } from 'kysely';
import { chunks } from './chunks.js';
import type { Database } from './database.js';
import type { StoreDialect } from './store.js';

/**
 * Recomputes the summaries of sessions that lost calls, from the calls left; a session with none
 * left is removed. Returns how many were removed. The first statement writes, so in SQLite the
 * transaction takes the write lock at once (a read first could not upgrade while the recorder writes).
 */
export async function refreshSessions(db: Kysely<Database>, dialect: StoreDialect, sessionIds: readonly string[]): Promise<number> {
  let removed = 0;
  const models =
    dialect === 'sqlite'
      ? sql<string>`(SELECT json_group_array(model) FROM (SELECT DISTINCT model FROM calls WHERE calls.session_id = sessions.session_id AND model IS NOT NULL ORDER BY model))`
      : sql<string[]>`ARRAY(SELECT DISTINCT model FROM calls WHERE calls.session_id = sessions.session_id AND model IS NOT NULL ORDER BY model)`;
  for (const ids of chunks([...new Set(sessionIds)], 500)) {
    const deleted = await db
      .deleteFrom('sessions')
      .where('session_id', 'in', ids)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('calls').select(sql`1`.as('one')).whereRef('calls.session_id', '=', 'sessions.session_id'))))
      .executeTakeFirst();
    removed += Number(deleted.numDeletedRows);
    await db
      .updateTable('sessions')
      .set({
        first_at: sql<number>`(SELECT min(received_at) FROM calls WHERE calls.session_id = sessions.session_id)`,
        last_at: sql<number>`(SELECT max(received_at) FROM calls WHERE calls.session_id = sessions.session_id)`,
        call_count: sql<number>`(SELECT count(*) FROM calls WHERE calls.session_id = sessions.session_id)`,
        intervention_count: sql<number>`(SELECT coalesce(sum(intervention_count), 0) FROM calls WHERE calls.session_id = sessions.session_id)`,
        user_id: sql<string | null>`(SELECT user_id FROM calls WHERE calls.session_id = sessions.session_id AND user_id IS NOT NULL ORDER BY received_at DESC, call_id DESC LIMIT 1)`,
        last_model: sql<string | null>`(SELECT model FROM calls WHERE calls.session_id = sessions.session_id AND model IS NOT NULL ORDER BY received_at DESC, call_id DESC LIMIT 1)`,
        models,
      })
      .where('session_id', 'in', ids)
      .execute();
  }
  return removed;
}
