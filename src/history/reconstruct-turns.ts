import type { CallRecord } from '../core/call-record.js';
import { TurnReconstructor, type TurnReconstructorOptions } from './turn-reconstructor.js';
import type { Turn } from './turn.js';

/** A session's calls in the order they were received: one by one, or in pages as a store reads them. */
export type CallSource = Iterable<CallRecord> | AsyncIterable<CallRecord | readonly CallRecord[]>;

/** A session's turns, all at once (for a session known to be small; see `streamTurns` otherwise). */
export function reconstructTurns(calls: Iterable<CallRecord>, options?: TurnReconstructorOptions): Turn[] {
  const reconstructor = new TurnReconstructor(options);
  const turns: Turn[] = [];
  for (const call of calls) turns.push(...reconstructor.push(call));
  turns.push(...reconstructor.finish());
  return turns;
}

/** A session's turns as they are finished, holding only a few calls' worth of turns at a time. */
export async function* streamTurns(calls: CallSource, options?: TurnReconstructorOptions): AsyncGenerator<Turn> {
  const reconstructor = new TurnReconstructor(options);
  for await (const item of calls) {
    for (const call of isPage(item) ? item : [item]) yield* reconstructor.push(call);
  }
  yield* reconstructor.finish();
}

function isPage(item: CallRecord | readonly CallRecord[]): item is readonly CallRecord[] {
  return Array.isArray(item);
}
