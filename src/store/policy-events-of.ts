import type { Kysely, Selectable } from 'kysely';
import { chunks } from './chunks.js';
import type { Database, PolicyEventsTable } from './database.js';

/** The policy events of some calls, in order, grouped by call id. */
export async function policyEventsOf(db: Kysely<Database>, callIds: readonly string[]): Promise<Map<string, Selectable<PolicyEventsTable>[]>> {
  const byCall = new Map<string, Selectable<PolicyEventsTable>[]>();
  for (const run of chunks(callIds, 500)) {
    const rows = await db.selectFrom('policy_events').selectAll().where('call_id', 'in', run).orderBy('call_id').orderBy('seq').execute();
    for (const row of rows) {
      const list = byCall.get(row.call_id);
      if (list === undefined) byCall.set(row.call_id, [row]);
      else list.push(row);
    }
  }
  return byCall;
}
