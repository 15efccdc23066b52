import { assembleCallRecord } from '../core/assemble-call-record.js';
import type { CallRecord } from '../core/call-record.js';
import { decodeUtf8 } from '../core/decode-utf8.js';
import type { JsonObject } from '../core/json.js';
import { foldResponseBody } from './fold-response-body.js';
import { scrubbedHeaders } from './scrubbed-headers.js';
import type { TravelledRecord } from './travelled-records.js';
import type { WorkerRecord, WorkerRequest } from './worker-record.js';

/** What travelled beside a record's JSON. */
export type TravelledBytes = Pick<TravelledRecord, 'headers' | 'request' | 'response'>;

/**
 * A record back as the pipeline made it, in the worker: an original request sent as bytes is parsed
 * the way the pipeline parsed it (`decodeUtf8`, then `JSON.parse`), a final request marked as the
 * original is that same object, so the store keeps it once, and the responses are as
 * `travelledResponses` gives them. Throws when the request's bytes do not parse.
 */
export function unpackWorkerRecord(record: WorkerRecord, travelled: TravelledBytes): CallRecord {
  const originalRequest = requestOf(record.originalRequest, travelled.request);
  const finalRequest = record.finalRequest === 'original' ? originalRequest : requestOf(record.finalRequest, travelled.request);
  const originalRequestBytes = record.originalRequest === 'bytes' ? travelled.request : undefined;
  return workerCallRecord(record, travelled, { originalRequest, originalRequestBytes, finalRequest });
}

/**
 * The call record of a worker record, with its requests as given, its responses as they travelled
 * (`travelledResponses`) and its headers from their text, scrubbed (scrubbed-headers.ts).
 */
export function workerCallRecord(
  record: WorkerRecord,
  travelled: Omit<TravelledBytes, 'request'>,
  requests: Pick<CallRecord, 'originalRequest' | 'originalRequestBytes' | 'finalRequest'>,
): CallRecord {
  const responses = travelledResponses(record, travelled.response);
  return assembleCallRecord(record, {
    stopReason: responses.stopReason,
    usage: responses.usage,
    originalRequest: requests.originalRequest,
    originalRequestBytes: requests.originalRequestBytes,
    userText: record.userText,
    finalRequest: requests.finalRequest,
    requestHeaders: scrubbedHeaders(travelled.headers),
    upstreamResponse: responses.upstreamResponse,
    clientResponse: responses.clientResponse,
    upstreamResponseBytes: undefined,
    policyEvents: record.policyEvents,
    error: record.error,
  });
}

/**
 * The responses of a record as they travelled: the client's is the upstream's own object when so
 * marked (the store then keeps it once). An upstream response that came as its body is folded here,
 * and gives the call its stop reason and usage, which the serving thread did not read.
 */
export function travelledResponses(record: WorkerRecord, body: Buffer | undefined): Pick<CallRecord, 'upstreamResponse' | 'clientResponse' | 'stopReason' | 'usage'> {
  const { stopReason, usage } = record;
  if (record.upstreamResponse !== 'bytes') {
    const upstreamResponse = record.upstreamResponse;
    return { upstreamResponse, clientResponse: record.clientResponse === 'upstream' ? upstreamResponse : record.clientResponse, stopReason, usage };
  }
  const folded = body === undefined ? undefined : foldResponseBody(record.format, body);
  return {
    upstreamResponse: folded,
    clientResponse: record.clientResponse === 'upstream' ? folded : record.clientResponse,
    stopReason: stopReason ?? folded?.stopReason ?? null,
    usage: Object.keys(usage).length === 0 ? (folded?.usage ?? usage) : usage,
  };
}

function requestOf(request: WorkerRequest | undefined, sent: Buffer | undefined): JsonObject | undefined {
  if (request === undefined || request === 'original') return undefined;
  if (request !== 'bytes') return request.value;
  if (sent === undefined) throw new Error('the request travels as bytes, and none came');
  return JSON.parse(decodeUtf8(sent)) as JsonObject;
}
