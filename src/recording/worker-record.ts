import type { CallRecord, RecordedResponse } from '../core/call-record.js';
import type { JsonObject } from '../core/json.js';
import type { LentBytes } from './byte-slabs.js';

/**
 * How a request travels to the recording worker. The client's bytes are the cheap way: copying 8.5 KB
 * costs a microsecond or two, where serialising the parsed object costs tens. A final request that is
 * the original travels as a mark, not a second copy. The marks are strings, which JSON writes and reads
 * for less than an object each.
 */
export type WorkerRequest =
  /** The original request is the client's bytes, which travel beside the record (`WaitingRecord.bytes`). */
  | 'bytes'
  /** A request there are no bytes for (one a policy built), in the record's JSON. */
  | { readonly value: JsonObject }
  /** The final request is the original one, the same object. */
  | 'original';

/**
 * A record as it travels to the worker, as JSON: its requests replaced by how they travel, an upstream
 * response that travels as its body (`CallRecord.upstreamResponseBytes`) as the mark `'bytes'`, and a
 * client response that is the upstream's own (no policy changed the answer) as the mark `'upstream'`.
 * Its request headers travel beside it, as their own JSON text.
 */
export type WorkerRecord = Omit<
  CallRecord,
  'originalRequest' | 'finalRequest' | 'originalRequestBytes' | 'upstreamResponse' | 'clientResponse' | 'upstreamResponseBytes' | 'requestHeaders' | 'requestHeadersJson'
> & {
  readonly originalRequest: WorkerRequest | undefined;
  readonly finalRequest: WorkerRequest | undefined;
  readonly upstreamResponse: RecordedResponse | 'bytes' | undefined;
  readonly clientResponse: RecordedResponse | 'upstream' | undefined;
  /** These travel beside the record instead. */
  readonly originalRequestBytes?: undefined;
  readonly upstreamResponseBytes?: undefined;
  readonly requestHeaders?: undefined;
  readonly requestHeadersJson?: undefined;
};

/**
 * A record as it waits in the recorder's queue for the worker: the JSON text of its `WorkerRecord`,
 * made when the call ended, and what travels beside it: the JSON text of its request headers (made
 * while the call began, when they were at hand: `CallRecord.requestHeadersJson`), which the worker
 * knows again from the call before (scrubbed-headers.ts), and the request's and response's bytes. All
 * copied into the sink's slabs (byte-slabs.ts says why), which the recorder gives back when the record
 * has been written or dropped.
 */
export interface WaitingRecord extends LentBytes {
  readonly callId: string;
}

/** What each record of a `WorkerBatch` is made of: its JSON text, its headers' JSON text, request, response. */
export const segmentsPerRecord = 4;

/**
 * A batch for the worker: everything a record is made of, end to end in one buffer (transferred, not
 * copied): record `i`'s JSON text, its headers' JSON text, then its request's bytes, then its
 * response's, each ending at `ends[4i]` … `ends[4i + 3]` (and starting where the one before ended, at 0
 * for the first). An empty request or response has not travelled.
 */
export interface WorkerBatch {
  readonly ends: readonly number[];
  readonly bytes: ArrayBuffer;
}
