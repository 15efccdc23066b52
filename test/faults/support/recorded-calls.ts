import type { Store } from '../../../src/store/store.js';

/** Every call id in the database, sorted; the same id twice would show twice. */
export async function recordedCallIds(store: Store): Promise<string[]> {
  const rows = await store.db.selectFrom('calls').select('call_id').execute();
  return sorted(rows.map((row) => row.call_id));
}

/** `recordedCallIds` once the database holds at least `count` calls (for `waitFor`); undefined meanwhile or while it is unreachable. */
export function recordedCallIdsOnce(store: Store, count: number) {
  return async () => {
    const ids = await recordedCallIds(store).catch(() => []);
    return ids.length >= count ? ids : undefined;
  };
}

/** The summary row's call count of a session (undefined when it has none). */
export async function sessionCallCount(store: Store, sessionId: string): Promise<number | undefined> {
  const row = await store.db.selectFrom('sessions').select('call_count').where('session_id', '=', sessionId).executeTakeFirst();
  return row?.call_count;
}

/** Sorted by code unit, the same way whichever side (database or test) the ids come from. */
export function sorted(ids: readonly string[]): string[] {
  return [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Names calls after the phase they were made in (`before 0`, `outage 3`, …) so a failure reads as
 * which calls are missing or extra rather than as lists of uuids. The returned function turns ids into
 * those names, in the order the calls were made; an id of no known call stays as it is, last. It reads
 * the phases when called, so a phase may still be filled after.
 */
export function namesOfCalls(phases: Readonly<Record<string, readonly { readonly callId: string }[]>>): (ids: readonly string[]) => string[] {
  return (ids) => {
    const known = new Map<string, { name: string; rank: number }>();
    for (const [phase, calls] of Object.entries(phases)) calls.forEach((call, index) => known.set(call.callId, { name: `${phase} ${index}`, rank: known.size }));
    return ids
      .map((id) => known.get(id) ?? { name: id, rank: Infinity })
      .sort((a, b) => a.rank - b.rank)
      .map((entry) => entry.name);
  };
}
