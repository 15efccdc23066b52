import type { CallRecord } from '../core/call-record.js';
import type { Store } from './store.js';
import { streamSessionCalls } from './stream-session-calls.js';

/** All of a session's calls in order (for sessions a view shows whole; exports stream instead). */
export async function getSessionCalls(store: Store, sessionId: string): Promise<CallRecord[]> {
  const calls: CallRecord[] = [];
  for await (const call of streamSessionCalls(store, sessionId, { pageSize: 200 })) calls.push(call);
  return calls;
}
