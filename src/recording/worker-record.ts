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
  /** The original request is the client's bytes, which travel beside the record's row (its request segment in the batch). */
  | 'bytes'
  /** A request there are no bytes for (one a policy built), in the record's JSON. */
  | { readonly value: JsonObject }
  /** The final request is the original one, the same object. */
  | 'original';

/**
 * A record as the worker reads it: its requests replaced by how they travelled, an upstream response
 * that travelled as its body (`CallRecord.upstreamResponseBytes`) as the mark `'bytes'`, and a client
 * response that is the upstream's own (no policy changed the answer) as the mark `'upstream'`. It
 * travels as a row (record-row.ts) and the fields its session's calls share (`SharedFields`); its
 * request headers are among those, as their JSON text.
 */
export type WorkerRecord = Omit<
  CallRecord,
  'originalRequest' | 'finalRequest' | 'originalRequestBytes' | 'upstreamResponse' | 'clientResponse' | 'upstreamResponseBytes' | 'requestHeaders' | 'requestHeadersJson'
> & {
  readonly originalRequest: WorkerRequest | undefined;
  readonly finalRequest: WorkerRequest | undefined;
  readonly upstreamResponse: RecordedResponse | 'bytes' | undefined;
  readonly clientResponse: RecordedResponse | 'upstream' | undefined;
  /** These travel apart: the bytes beside the record's row, the headers' text with its shared fields. */
  readonly originalRequestBytes?: undefined;
  readonly upstreamResponseBytes?: undefined;
  readonly requestHeaders?: undefined;
  readonly requestHeadersJson?: undefined;
};

/**
 * What the calls of a session have in common, from one call to the next while the user's newest words
 * stay the same (an agent's tool calls): made once and shared by their waiting records, it travels
 * once per batch rather than in every record (shared-fields-cache.ts).
 */
export interface SharedFields {
  readonly sessionId: string | undefined;
  readonly userId: string | undefined;
  readonly format: CallRecord['format'];
  readonly backend: string | undefined;
  readonly model: string | undefined;
  /** What the user wrote in the newest turn (`CallRecord.userText`). */
  readonly userText: string | undefined;
  /** The request headers' JSON text (`CallRecord.requestHeadersJson`). */
  readonly headersJson: string;
}

/**
 * A record as it waits in the recorder's queue for the worker, made when the call ends: its row
 * (record-row.ts) and the request's and response's bytes, copied into the sink's slabs (byte-slabs.ts
 * says why), which the recorder gives back when the record has been written or dropped; and the
 * fields it shares with its session's other calls.
 */
export interface WaitingRecord extends LentBytes {
  readonly callId: string;
  readonly shared: SharedFields;
}

/** What each record of a `WorkerBatch` is made of: its row's JSON text, its request, its response. */
export const segmentsPerRecord = 3;

/**
 * A batch for the worker: every record's bytes end to end in one buffer (transferred, not copied):
 * record `i`'s row, then its request's bytes, then its response's, each ending at `ends[3i]` …
 * `ends[3i + 2]` (and starting where the one before ended, at 0 for the first). An empty request or
 * response has not travelled. Record `i` belongs with `shared[sharedOf[i]]`: each set of shared
 * fields travels once, however many of the batch's records share it.
 */
export interface WorkerBatch {
  readonly ends: readonly number[];
  readonly bytes: ArrayBuffer;
  readonly shared: readonly SharedFields[];
  readonly sharedOf: readonly number[];
}
