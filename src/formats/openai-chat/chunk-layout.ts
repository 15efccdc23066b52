import type { Origin } from '../../core/origin.js';

/**
 * What the decoder made of one wire event: how many parts it became, and which upstream tool-call
 * index each tool block of it had. The encoder needs both to know when it may re-emit the event's
 * exact bytes: only when every one of those parts came back, unchanged, with the same tool indices
 * the client will see.
 */
export interface ChunkLayout {
  readonly partCount: number;
  /** Block index (as decoded) → the `tool_calls[].index` the event used for it. */
  readonly toolIndexByBlock: ReadonlyMap<number, number>;
}

// Keyed by the origin object the parts of one event share. A changed part gets a new origin
// (`modifyPart`, `reindex`), so only unchanged parts still find their event's layout.
const layouts = new WeakMap<Origin, ChunkLayout>();

export function recordChunkLayout(origin: Origin, layout: ChunkLayout): void {
  layouts.set(origin, layout);
}

export function chunkLayoutOf(origin: Origin | undefined): ChunkLayout | undefined {
  return origin === undefined ? undefined : layouts.get(origin);
}
