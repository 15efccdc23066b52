import type { WireFormat } from '../core/wire-format.js';
import type { NewActivityEvent } from './activity-event.js';

/** What every event of a call says about it. */
export interface CallEventSubject {
  readonly callId: string;
  readonly sessionId: string | undefined;
  readonly userId: string | undefined;
  readonly model: string | undefined;
  readonly format: WireFormat;
}

// Each event is one object literal with every field named, an absent one as undefined (JSON, the
// only way an event leaves the process, omits it). Optional fields added by conditional spreads,
// `...(x === undefined ? {} : { x })`, made V8 build each event through its slow paths: some 8 µs
// per event against 0.1, three or four events per call.

/** A call's request arrived and parsed. */
export function callReceivedEvent(subject: CallEventSubject, stream: boolean, at: number = Date.now()): NewActivityEvent {
  return { type: 'call.received', callId: subject.callId, sessionId: subject.sessionId, userId: subject.userId, model: subject.model, format: subject.format, at, stream };
}

/** A policy recorded a decision (an intervention, a verdict) about the call. */
export function policyDecisionEvent(subject: CallEventSubject, policy: string, decision: string, summary: string | undefined, at: number = Date.now()): NewActivityEvent {
  return {
    type: 'policy.decision',
    callId: subject.callId,
    sessionId: subject.sessionId,
    userId: subject.userId,
    model: subject.model,
    format: subject.format,
    at,
    policy,
    decision,
    summary,
  };
}

/** The upstream answered with its status and headers, `elapsedMs` after the call arrived. */
export function upstreamStartedEvent(subject: CallEventSubject, backend: string, upstreamStatus: number, elapsedMs: number, at: number = Date.now()): NewActivityEvent {
  return {
    type: 'call.upstream-started',
    callId: subject.callId,
    sessionId: subject.sessionId,
    userId: subject.userId,
    model: subject.model,
    format: subject.format,
    at,
    backend,
    upstreamStatus,
    elapsedMs,
  };
}
