import type { CallRecord } from './call-record.js';

/** What a record keeps as it is when it is redacted or rebuilt from what travelled: who, where, when. */
export type CallIdentity = Pick<CallRecord, 'callId' | 'sessionId' | 'userId' | 'format' | 'backend' | 'model' | 'stream' | 'status' | 'outcome' | 'receivedAt' | 'timings'>;

/** The rest of a record: what it asked, what it got, and what happened on the way. */
export type CallContent = Omit<CallRecord, keyof CallIdentity>;

/**
 * A record from its identity and its content, every field named in one order. Code that rebuilds a
 * record for each call (the recording worker does, per record) does so through here rather than by
 * spreading one record into another: V8 copies a spread field by field into a new shape each time,
 * which cost microseconds a record, and every record built here has the one shape.
 */
export function assembleCallRecord(identity: CallIdentity, content: CallContent): CallRecord {
  return {
    callId: identity.callId,
    sessionId: identity.sessionId,
    userId: identity.userId,
    format: identity.format,
    backend: identity.backend,
    model: identity.model,
    stream: identity.stream,
    status: identity.status,
    outcome: identity.outcome,
    stopReason: content.stopReason,
    usage: content.usage,
    receivedAt: identity.receivedAt,
    timings: identity.timings,
    originalRequest: content.originalRequest,
    originalRequestBytes: content.originalRequestBytes,
    userText: content.userText,
    finalRequest: content.finalRequest,
    requestHeaders: content.requestHeaders,
    upstreamResponse: content.upstreamResponse,
    clientResponse: content.clientResponse,
    upstreamResponseBytes: content.upstreamResponseBytes,
    policyEvents: content.policyEvents,
    error: content.error,
  };
}
