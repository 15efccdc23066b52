import { sql, type RawBuilder } from 'kysely';
import type { DeletionCounts } from './deletion-counts.js';
import { refreshSessions } from './refresh-sessions.js';
import { sweepRequestParts } from './sweep-request-parts.js';
import type { Store } from './store.js';

/** Calls per transaction: each holds SQLite's single write lock, which the recorder is waiting on. */
const callsPerTransaction = 500;

/**
 * Deletes the calls matching `condition` (SQL over `calls`) with their policy events and search rows,
 * a bounded run per transaction, and updates or removes the sessions they belonged to, and the parts
 * of those sessions' requests no call refers to any more.
 */
export async function deleteCallsWhere(store: Store, condition: RawBuilder<unknown>): Promise<DeletionCounts> {
  const counts = { calls: 0, policyEvents: 0, sessions: 0 };
  for (;;) {
    const deleted = await store.db.transaction().execute(async (trx) => {
      const run = sql`SELECT call_id FROM calls WHERE ${condition} ORDER BY received_at, call_id LIMIT ${callsPerTransaction}`;
      // Counted before the cascade would remove them silently.
      const events = await sql`DELETE FROM policy_events WHERE call_id IN (${run})`.execute(trx);
      const calls = await sql<{ session_id: string | null }>`DELETE FROM calls WHERE call_id IN (${run}) RETURNING session_id`.execute(trx);
      const sessionIds = calls.rows.flatMap((row) => (row.session_id === null ? [] : [row.session_id]));
      counts.policyEvents += Number(events.numAffectedRows ?? 0);
      counts.calls += calls.rows.length;
      counts.sessions += await refreshSessions(trx, store.dialect, sessionIds);
      // The parts of these sessions' requests that no call left refers to go with them.
      await sweepRequestParts(trx, sessionIds);
      return calls.rows.length;
    });
    if (deleted < callsPerTransaction) return counts;
  }
}
