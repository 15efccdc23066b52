import type { CallRecord } from '../core/call-record.js';
import { decodeUtf8 } from '../core/decode-utf8.js';
import type { JsonObject } from '../core/json.js';
import type { WorkerRecord, WorkerRequest } from './worker-record.js';

/**
 * A record back as the pipeline made it, in the worker: an original request sent as bytes is parsed
 * the way the pipeline parsed it (`decodeUtf8`, then `JSON.parse`), and a final request marked as the
 * original is that same object, so the store keeps it once. Throws when the bytes do not parse.
 */
export function unpackWorkerRecord(record: WorkerRecord, bytes: Buffer): CallRecord {
  const originalRequest = requestOf(record.originalRequest, bytes);
  const finalRequest = record.finalRequest?.kind === 'original' ? originalRequest : requestOf(record.finalRequest, bytes);
  const sent = record.originalRequest?.kind === 'bytes' ? bytes.subarray(record.originalRequest.start, record.originalRequest.end) : undefined;
  return { ...record, originalRequest, originalRequestBytes: sent, finalRequest };
}

function requestOf(request: WorkerRequest | undefined, bytes: Buffer): JsonObject | undefined {
  switch (request?.kind) {
    case undefined:
    case 'original':
      return undefined;
    case 'value':
      return request.value;
    case 'bytes':
      return JSON.parse(decodeUtf8(bytes.subarray(request.start, request.end))) as JsonObject;
  }
}
