import type { CallRecord } from '../core/call-record.js';
import type { JsonObject } from '../core/json.js';
import { joinRequestParts } from './join-request-parts.js';
import { requestPartRefs, type CallToStore } from './request-in-parts.js';

/**
 * The record with its original request whole again, for a writer that does not store requests in
 * parts (Postgres, or a call with no session to keep parts under). A final request that was the
 * original stays the same object.
 */
export function wholeRequest(record: CallToStore): CallRecord {
  const { originalRequestInParts: inParts, ...rest } = record;
  if (inParts === undefined) return record;
  const bodies = new Map(inParts.parts.map((part) => [part.hash, part.body]));
  const original = joinRequestParts(JSON.parse(inParts.skeleton) as unknown, requestPartRefs(inParts), (ref) => {
    // Referred to by digest: these parts were never numbered.
    const body = typeof ref === 'string' ? bodies.get(ref) : undefined;
    return body === undefined ? undefined : (JSON.parse(body()) as unknown);
  }) as JsonObject;
  return { ...rest, originalRequest: original, finalRequest: record.finalRequest === record.originalRequest ? original : record.finalRequest, originalRequestBytes: undefined };
}
