import type { CallRecord } from '../core/call-record.js';
import { callColumns } from './call-columns.js';
import { callFromRow } from './call-from-row.js';
import { policyEventsOf } from './policy-events-of.js';
import { requestPartsOf } from './request-parts-of.js';
import type { Store } from './store.js';

/** One call with its policy events, or undefined when there is no such call. */
export async function getCall(store: Store, callId: string): Promise<CallRecord | undefined> {
  const row = await store.db.selectFrom('calls').select(callColumns).where('call_id', '=', callId).executeTakeFirst();
  if (row === undefined) return undefined;
  const events = await policyEventsOf(store.db, [callId]);
  return callFromRow(row, events.get(callId) ?? [], await requestPartsOf(store.db, store.dialect, [row]));
}
