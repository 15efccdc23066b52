import { sql } from 'kysely';
import { deleteCallsWhere } from './delete-calls-where.js';
import type { DeletionCounts } from './deletion-counts.js';
import type { Store } from './store.js';

/** Deletes the calls received before `epochMs` (retention); sessions left empty are removed. */
export function purgeOlderThan(store: Store, epochMs: number): Promise<DeletionCounts> {
  return deleteCallsWhere(store, sql`received_at < ${epochMs}`);
}
