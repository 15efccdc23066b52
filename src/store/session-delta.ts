import type { CallRecord } from '../core/call-record.js';
import { interventionCount } from './intervention-count.js';

/** What a batch of new calls adds to one session's summary row. */
export interface SessionDelta {
  readonly sessionId: string;
  userId: string | undefined;
  firstAt: number;
  lastAt: number;
  callCount: number;
  interventionCount: number;
  readonly models: Set<string>;
  lastModel: string | undefined;
  /** When `userId` / `lastModel` were seen, so the newest wins whatever the batch order. */
  userAt: number;
  modelAt: number;
}

/**
 * Groups newly written calls by session (calls without a session have no summary row), in session id
 * order: every writer locks the same sessions in the same order, so two instances' batches do not
 * deadlock.
 */
export function sessionDeltas(records: readonly CallRecord[]): SessionDelta[] {
  const deltas = new Map<string, SessionDelta>();
  for (const record of records) {
    if (record.sessionId === undefined) continue;
    let delta = deltas.get(record.sessionId);
    if (delta === undefined) {
      delta = { sessionId: record.sessionId, userId: undefined, firstAt: record.receivedAt, lastAt: record.receivedAt, callCount: 0, interventionCount: 0, models: new Set(), lastModel: undefined, userAt: -Infinity, modelAt: -Infinity };
      deltas.set(record.sessionId, delta);
    }
    delta.firstAt = Math.min(delta.firstAt, record.receivedAt);
    delta.lastAt = Math.max(delta.lastAt, record.receivedAt);
    delta.callCount += 1;
    delta.interventionCount += interventionCount(record);
    if (record.model !== undefined) {
      delta.models.add(record.model);
      if (record.receivedAt >= delta.modelAt) [delta.lastModel, delta.modelAt] = [record.model, record.receivedAt];
    }
    if (record.userId !== undefined && record.receivedAt >= delta.userAt) [delta.userId, delta.userAt] = [record.userId, record.receivedAt];
  }
  return [...deltas.values()].sort((a, b) => (a.sessionId < b.sessionId ? -1 : a.sessionId > b.sessionId ? 1 : 0));
}
