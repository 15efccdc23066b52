import type { CallRecord } from '../core/call-record.js';
import { callColumns } from './call-columns.js';
import { callFromRow } from './call-from-row.js';
import { policyEventsOf } from './policy-events-of.js';
import { requestPartsOf } from './request-parts-of.js';
import type { Store } from './store.js';

/**
 * A session's calls in order (received time, then call id), read a page at a time so an export of a
 * long session never holds all of it. Each page is its own query: keyset paging, so calls written
 * meanwhile neither repeat nor shift the pages.
 */
export async function* streamSessionCalls(store: Store, sessionId: string, options: { readonly pageSize?: number } = {}): AsyncGenerator<CallRecord> {
  const pageSize = Math.max(1, options.pageSize ?? 50);
  let after: { receivedAt: number; callId: string } | undefined;
  for (;;) {
    const position = after;
    const rows = await store.db
      .selectFrom('calls')
      .select(callColumns)
      .where('session_id', '=', sessionId)
      .$if(position !== undefined, (query) =>
        query.where((eb) =>
          eb.or([
            eb('received_at', '>', position?.receivedAt ?? 0),
            eb.and([eb('received_at', '=', position?.receivedAt ?? 0), eb('call_id', '>', position?.callId ?? '')]),
          ]),
        ),
      )
      .orderBy('received_at')
      .orderBy('call_id')
      .limit(pageSize)
      .execute();
    const events = await policyEventsOf(
      store.db,
      rows.map((row) => row.call_id),
    );
    const parts = await requestPartsOf(store.db, store.dialect, rows);
    for (const row of rows) yield callFromRow(row, events.get(row.call_id) ?? [], parts);
    const last = rows.at(-1);
    if (last === undefined || rows.length < pageSize) return;
    after = { receivedAt: last.received_at, callId: last.call_id };
  }
}
