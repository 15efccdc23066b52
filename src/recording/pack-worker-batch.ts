import type { CallRecord } from '../core/call-record.js';
import type { JsonObject } from '../core/json.js';
import { lastUserText } from '../store/last-user-text.js';
import type { WorkerBatch, WorkerRecord, WorkerRequest } from './worker-record.js';

/**
 * Stands for a parsed request while its record waits in the recorder's queue (see `waitingRecord`):
 * the worker parses the request from its bytes anyway.
 */
export const requestInBytes: JsonObject = Object.freeze({});

/**
 * The record as it waits in the recorder's queue for the worker: when the request travels as its
 * bytes, the parsed request (thousands of small objects for an agent's request) is let go at once,
 * rather than kept alive for up to a flush interval, long enough to survive the young generation's
 * collections and be promoted, which is the dearest garbage V8 has. A final request that was the
 * original stays marked as such. What the search index wants of the request, the user's newest words,
 * is taken now (`userText`).
 */
export function waitingRecord(record: CallRecord): CallRecord {
  const { originalRequest, originalRequestBytes, finalRequest } = record;
  if (originalRequest === undefined || originalRequestBytes === undefined || originalRequest === requestInBytes) return record;
  return {
    ...record,
    originalRequest: requestInBytes,
    finalRequest: finalRequest === originalRequest ? requestInBytes : finalRequest,
    userText: record.userText ?? lastUserText(originalRequest),
  };
}

/**
 * A batch ready to post to the recording worker, built on the main thread: every original request
 * that came with its bytes is copied into one buffer (to be transferred), everything else stays for
 * `postMessage` to clone, and a final request that is the original is a mark.
 */
export function packWorkerBatch(records: readonly CallRecord[]): WorkerBatch {
  let size = 0;
  for (const record of records) if (record.originalRequest !== undefined && record.originalRequestBytes !== undefined) size += record.originalRequestBytes.byteLength;
  // Not from the pool (its buffer must be this batch's alone, to transfer), and not zeroed: every byte is written.
  const bytes = Buffer.allocUnsafeSlow(size);
  let offset = 0;
  const packed = records.map((record): WorkerRecord => {
    const { originalRequest, finalRequest, originalRequestBytes } = record;
    let original: WorkerRequest | undefined;
    if (originalRequest !== undefined && originalRequestBytes !== undefined) {
      bytes.set(originalRequestBytes, offset);
      original = { kind: 'bytes', start: offset, end: offset + originalRequestBytes.byteLength };
      offset += originalRequestBytes.byteLength;
    } else if (originalRequest !== undefined) original = { kind: 'value', value: originalRequest };
    const final: WorkerRequest | undefined =
      finalRequest === undefined ? undefined : finalRequest === originalRequest ? { kind: 'original' } : { kind: 'value', value: finalRequest };
    // Spread and overridden, which V8 copies fast, rather than rest-destructured, which it does not (5 µs a record).
    return { ...record, originalRequest: original, finalRequest: final, originalRequestBytes: undefined };
  });
  return { records: packed, bytes: bytes.buffer };
}
