import type { CallRecord } from '../core/call-record.js';
import type { JsonObject } from '../core/json.js';
import { lastUserText } from '../store/last-user-text.js';
import type { ByteSlabs } from './byte-slabs.js';
import { recordRow } from './record-row.js';
import type { SharedFieldsCache } from './shared-fields-cache.js';
import type { SharedFields, WaitingRecord, WorkerBatch } from './worker-record.js';

/** Stands, in the worker, for an original request the store keeps from its bytes (split or as text). */
export const requestInBytes: JsonObject = Object.freeze({});

/**
 * The record as it waits in the recorder's queue for the worker, made when the call ends: its row
 * (record-row.ts) and the request's bytes, copied into `slabs` (byte-slabs.ts says why), and the
 * fields it shares with its session's calls, from `shared`. The parsed request (thousands of small
 * objects for an agent's request) is not serialised when its bytes travel instead; what the search
 * index wants of it, the user's newest words, was taken as it arrived (`userText`), or is taken now.
 * Never throws (`recordRow` says why).
 */
export function waitingRecord(record: CallRecord, slabs: ByteSlabs, shared: SharedFieldsCache): WaitingRecord {
  const { originalRequest, originalRequestBytes, finalRequest, upstreamResponse, clientResponse, upstreamResponseBytes } = record;
  const inBytes = originalRequest !== undefined && originalRequestBytes !== undefined;
  const userText = record.userText ?? (inBytes ? lastUserText(originalRequest) : undefined);
  const verbatim = upstreamResponseBytes !== undefined;
  const row = recordRow({
    callId: record.callId,
    stream: record.stream,
    status: record.status,
    outcome: record.outcome,
    stopReason: record.stopReason,
    usage: record.usage,
    receivedAt: record.receivedAt,
    timings: record.timings,
    originalRequest: originalRequest === undefined ? undefined : inBytes ? 'bytes' : { value: originalRequest },
    finalRequest: finalRequest === undefined ? undefined : finalRequest === originalRequest ? 'original' : { value: finalRequest },
    upstreamResponse: verbatim ? 'bytes' : upstreamResponse,
    clientResponse: verbatim || (clientResponse !== undefined && clientResponse === upstreamResponse) ? 'upstream' : clientResponse,
    policyEvents: record.policyEvents,
    error: record.error,
  });
  const fields = shared.of(record, userText, record.requestHeadersJson ?? JSON.stringify(record.requestHeaders));
  const lent = slabs.lend(row, inBytes ? originalRequestBytes : undefined, upstreamResponseBytes);
  return { callId: record.callId, shared: fields, slab: lent.slab, start: lent.start, jsonEnd: lent.jsonEnd, requestEnd: lent.requestEnd, end: lent.end };
}

/**
 * A batch ready to post to the recording worker: each record's row, request and response bytes copied
 * end to end into one buffer, to be transferred, and each set of shared fields once.
 */
export function packWorkerBatch(records: readonly WaitingRecord[]): WorkerBatch {
  let size = 0;
  for (const record of records) size += record.end - record.start;
  // Not from the pool (its buffer must be this batch's alone, to transfer), and not zeroed: every byte is written.
  const bytes = Buffer.allocUnsafeSlow(size);
  const ends: number[] = [];
  const shared: SharedFields[] = [];
  const sharedOf: number[] = [];
  let offset = 0;
  let last: SharedFields | undefined;
  let lastIndex = -1;
  for (const record of records) {
    // A record's segments lie end to end in its slab, as they do in the batch: one copy, and its ends moved.
    const shift = offset - record.start;
    record.slab.bytes.copy(bytes, offset, record.start, record.end);
    ends.push(record.jsonEnd + shift, record.requestEnd + shift, record.end + shift);
    offset += record.end - record.start;
    // Most records share the fields of the one before; sessions that interleave find theirs in the list.
    if (record.shared !== last) {
      last = record.shared;
      lastIndex = shared.indexOf(last);
      if (lastIndex < 0) lastIndex = shared.push(last) - 1;
    }
    sharedOf.push(lastIndex);
  }
  return { ends, bytes: bytes.buffer, shared, sharedOf };
}
