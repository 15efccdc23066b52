import type { CallRecord } from '../core/call-record.js';
import type { JsonObject } from '../core/json.js';
import { lastUserText } from '../store/last-user-text.js';
import type { ByteSlabs } from './byte-slabs.js';
import type { WaitingRecord, WorkerBatch, WorkerRecord, WorkerRequest } from './worker-record.js';

/** Stands, in the worker, for an original request the store keeps from its bytes (split or as text). */
export const requestInBytes: JsonObject = Object.freeze({});

/**
 * The record as it waits in the recorder's queue for the worker, made when the call ends: the JSON of
 * its `WorkerRecord`, its headers' JSON text and the request's bytes, copied into `slabs` (byte-slabs.ts
 * says why). The parsed request (thousands of small objects for an agent's request) is not serialised
 * when its bytes travel instead; what the search index wants of it, the user's newest words, was taken
 * as it arrived (`userText`), or is taken now. Never throws: a policy event whose data JSON cannot hold
 * (a cycle, a BigInt) is written as JSON can.
 */
export function waitingRecord(record: CallRecord, slabs: ByteSlabs): WaitingRecord {
  const { originalRequest, originalRequestBytes, finalRequest, upstreamResponse, clientResponse, upstreamResponseBytes } = record;
  const inBytes = originalRequest !== undefined && originalRequestBytes !== undefined;
  const original: WorkerRequest | undefined = originalRequest === undefined ? undefined : inBytes ? 'bytes' : { value: originalRequest };
  const final: WorkerRequest | undefined = finalRequest === undefined ? undefined : finalRequest === originalRequest ? 'original' : { value: finalRequest };
  const userText = record.userText ?? (inBytes ? lastUserText(originalRequest) : undefined);
  const verbatim = upstreamResponseBytes !== undefined;
  // Every field named, in one order: one hidden class for every record, which JSON.stringify walks
  // fastest (a spread then overridden cost 13 µs a record against 8).
  const travelling: WorkerRecord = {
    callId: record.callId,
    sessionId: record.sessionId,
    userId: record.userId,
    format: record.format,
    backend: record.backend,
    model: record.model,
    stream: record.stream,
    status: record.status,
    outcome: record.outcome,
    stopReason: record.stopReason,
    usage: record.usage,
    receivedAt: record.receivedAt,
    timings: record.timings,
    originalRequest: original,
    finalRequest: final,
    userText,
    upstreamResponse: verbatim ? 'bytes' : upstreamResponse,
    clientResponse: verbatim || (clientResponse !== undefined && clientResponse === upstreamResponse) ? 'upstream' : clientResponse,
    policyEvents: record.policyEvents,
    error: record.error,
  };
  const headers = record.requestHeadersJson ?? JSON.stringify(record.requestHeaders);
  const lent = slabs.lend(recordJson(travelling), headers, inBytes ? originalRequestBytes : undefined, upstreamResponseBytes);
  return { callId: record.callId, slab: lent.slab, start: lent.start, jsonEnd: lent.jsonEnd, headersEnd: lent.headersEnd, requestEnd: lent.requestEnd, end: lent.end };
}

function recordJson(record: WorkerRecord): string {
  try {
    return JSON.stringify(record);
  } catch {
    return JSON.stringify(record, jsonSafe());
  }
}

/** A replacer for what JSON.stringify refuses: a BigInt as its digits, a value met again on its own path as a mark. */
function jsonSafe(): (this: unknown, key: string, value: unknown) => unknown {
  const path: unknown[] = [];
  return function replace(this: unknown, _key: string, value: unknown): unknown {
    if (typeof value === 'bigint') return value.toString();
    if (typeof value !== 'object' || value === null) return value;
    // `this` is the object holding `value`: the path is cut back to it before `value` is looked for.
    while (path.length > 0 && path[path.length - 1] !== this) path.pop();
    if (path.includes(value)) return '[Circular]';
    path.push(value);
    return value;
  };
}

/**
 * A batch ready to post to the recording worker: each record's JSON text, headers' JSON text, request
 * and response bytes copied end to end into one buffer, to be transferred.
 */
export function packWorkerBatch(records: readonly WaitingRecord[]): WorkerBatch {
  let size = 0;
  for (const record of records) size += record.end - record.start;
  // Not from the pool (its buffer must be this batch's alone, to transfer), and not zeroed: every byte is written.
  const bytes = Buffer.allocUnsafeSlow(size);
  const ends: number[] = [];
  let offset = 0;
  for (const record of records) {
    // A record's segments lie end to end in its slab, as they do in the batch: one copy, and its ends moved.
    const shift = offset - record.start;
    record.slab.bytes.copy(bytes, offset, record.start, record.end);
    ends.push(record.jsonEnd + shift, record.headersEnd + shift, record.requestEnd + shift, record.end + shift);
    offset += record.end - record.start;
  }
  return { ends, bytes: bytes.buffer };
}
