import type { CallRecord } from '../core/call-record.js';
import type { NewActivityEvent } from './activity-event.js';

/**
 * The last activity event of a call, from its finished record: `call.aborted` when the client left,
 * `call.error` when the call failed (upstream error, Luthien failure, rejection), `call.completed`
 * otherwise (a policy answering in the upstream's place included). One literal per case, absent fields
 * as undefined, as in call-events.ts (which says why).
 */
export function callEndedEvent(record: CallRecord, at: number = Date.now()): NewActivityEvent {
  const { callId, sessionId, userId, model, format, status } = record;
  const durationMs = record.timings.done ?? Math.max(0, at - record.receivedAt);
  switch (record.outcome) {
    case 'aborted':
      return { type: 'call.aborted', callId, sessionId, userId, model, format, at, status, durationMs };
    case 'upstream-error':
    case 'failed':
    case 'rejected':
      return { type: 'call.error', callId, sessionId, userId, model, format, at, status, outcome: record.outcome, errorCode: record.error?.code ?? `HTTP_${status}`, durationMs };
    case 'completed':
    case 'responded-by-policy':
      return {
        type: 'call.completed',
        callId,
        sessionId,
        userId,
        model,
        format,
        at,
        status,
        outcome: record.outcome,
        stopReason: record.stopReason ?? undefined,
        durationMs,
        inputTokens: record.usage.inputTokens,
        outputTokens: record.usage.outputTokens,
      };
  }
}
