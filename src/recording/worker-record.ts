import type { CallRecord } from '../core/call-record.js';
import type { JsonObject } from '../core/json.js';

/**
 * How a request travels to the recording worker. The client's bytes are the cheap way: copying 8.5 KB
 * costs a microsecond or two, where `postMessage`'s structured clone of the parsed object costs 50 to
 * 80 µs on the main thread. A final request that is the original travels as a mark, not a second copy.
 */
export type WorkerRequest =
  /** The original request's bytes, at `[start, end)` in the batch's byte buffer: parsed in the worker. */
  | { readonly kind: 'bytes'; readonly start: number; readonly end: number }
  /** A request there are no bytes for (one a policy built), cloned with the message. */
  | { readonly kind: 'value'; readonly value: JsonObject }
  /** The final request is the original one, the same object. */
  | { readonly kind: 'original' };

/** A record as posted to the worker: its requests replaced by how they travel, the rest cloned as is. */
export type WorkerRecord = Omit<CallRecord, 'originalRequest' | 'finalRequest' | 'originalRequestBytes'> & {
  readonly originalRequest: WorkerRequest | undefined;
  readonly finalRequest: WorkerRequest | undefined;
  /** Travels in the batch's buffer instead. */
  readonly originalRequestBytes?: undefined;
};

/** A batch for the worker: the records, and every original request's bytes end to end in one buffer (transferred, not copied). */
export interface WorkerBatch {
  readonly records: readonly WorkerRecord[];
  readonly bytes: ArrayBuffer;
}
