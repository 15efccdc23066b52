import type { CallRecord } from '../core/call-record.js';
import type { WorkerBatch, WorkerRecord, WorkerRequest } from './worker-record.js';

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
