import { isUtf8 } from 'node:buffer';
import { decodeUtf8 } from '../core/decode-utf8.js';
import type { CallToStore } from '../store/request-in-parts.js';
import { requestInBytes } from './pack-worker-batch.js';
import { redactCallRecord } from './redact.js';
import { splitRequest } from './split-request.js';
import { unpackWorkerRecord, workerCallRecord, type TravelledBytes } from './unpack-worker-record.js';
import type { WorkerRecord } from './worker-record.js';

/**
 * A record from the main thread as the worker hands it to the store, redacted, with the bytes that
 * travelled beside it (travelled-records.ts). With `inParts` (a store that keeps requests in parts), an
 * original request that came as the client's bytes, in a session, is split (split-request.ts) and not
 * parsed here at all: its parts are parsed and redacted only if the store does not hold them yet.
 * Otherwise the request is parsed and redacted whole.
 */
export function recordToStore(record: WorkerRecord, travelled: TravelledBytes, inParts: boolean): CallToStore {
  const original = record.originalRequest;
  const sent = travelled.request;
  if (inParts && original === 'bytes' && sent !== undefined && record.sessionId !== undefined) {
    // Invalid UTF-8 was parsed with replacement characters: that text, not these bytes, is the request.
    const split = isUtf8(sent) ? splitRequest(decodeUtf8(sent), record.sessionId) : undefined;
    if (split !== undefined) {
      const final = record.finalRequest;
      const finalRequest = final === 'original' ? requestInBytes : typeof final === 'object' ? final.value : undefined;
      const stored: { -readonly [K in keyof CallToStore]: CallToStore[K] } = redactCallRecord(
        workerCallRecord(record, travelled, { originalRequest: requestInBytes, originalRequestBytes: undefined, finalRequest }),
      );
      // Set on the record redaction has just assembled, its own object: spreading it into a new
      // literal with one more field cost V8 its slow path, 2 µs a record.
      stored.originalRequestInParts = split;
      return stored;
    }
  }
  return redactCallRecord(unpackWorkerRecord(record, travelled));
}
