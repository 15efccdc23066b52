import type { CallRecord } from '../core/call-record.js';
import type { NewActivityEvent } from './activity-event.js';

/**
 * The last activity event of a call, from its finished record: `call.aborted` when the client left,
 * `call.error` when the call failed (upstream error, Luthien failure, rejection), `call.completed`
 * otherwise (a policy answering in the upstream's place included).
 */
export function callEndedEvent(record: CallRecord, at: number = Date.now()): NewActivityEvent {
  const base = {
    callId: record.callId,
    format: record.format,
    at,
    ...(record.sessionId === undefined ? {} : { sessionId: record.sessionId }),
    ...(record.userId === undefined ? {} : { userId: record.userId }),
    ...(record.model === undefined ? {} : { model: record.model }),
  };
  const durationMs = record.timings.done ?? Math.max(0, at - record.receivedAt);
  switch (record.outcome) {
    case 'aborted':
      return { ...base, type: 'call.aborted', status: record.status, durationMs };
    case 'upstream-error':
    case 'failed':
    case 'rejected':
      return { ...base, type: 'call.error', status: record.status, outcome: record.outcome, errorCode: record.error?.code ?? `HTTP_${record.status}`, durationMs };
    case 'completed':
    case 'responded-by-policy':
      return {
        ...base,
        type: 'call.completed',
        status: record.status,
        outcome: record.outcome,
        durationMs,
        ...(record.stopReason === null ? {} : { stopReason: record.stopReason }),
        ...(record.usage.inputTokens === undefined ? {} : { inputTokens: record.usage.inputTokens }),
        ...(record.usage.outputTokens === undefined ? {} : { outputTokens: record.usage.outputTokens }),
      };
  }
}
