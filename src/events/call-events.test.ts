import { describe, expect, it } from 'vitest';
import { callReceivedEvent, policyDecisionEvent, upstreamStartedEvent, type CallEventSubject } from './call-events.js';

const known: CallEventSubject = { callId: 'c1', sessionId: 's1', userId: 'u1', model: 'claude-test', format: 'anthropic' };
const anonymous: CallEventSubject = { callId: 'c2', sessionId: undefined, userId: undefined, model: undefined, format: 'openai-chat' };

/** What a watcher receives: every event leaves the process as JSON. */
const wire = (event: unknown): unknown => JSON.parse(JSON.stringify(event));

describe('call events', () => {
  it('carry the call, its session, user and model, and the phase', () => {
    expect(wire(callReceivedEvent(known, true, 1000))).toEqual({ type: 'call.received', callId: 'c1', sessionId: 's1', userId: 'u1', model: 'claude-test', format: 'anthropic', at: 1000, stream: true });
    expect(wire(upstreamStartedEvent(known, 'anthropic', 200, 12.5, 1000))).toEqual({
      type: 'call.upstream-started',
      callId: 'c1',
      sessionId: 's1',
      userId: 'u1',
      model: 'claude-test',
      format: 'anthropic',
      at: 1000,
      backend: 'anthropic',
      upstreamStatus: 200,
      elapsedMs: 12.5,
    });
    expect(wire(policyDecisionEvent(known, 'secret-guard', 'policy.secret-guard.redacted', 'one key', 1000))).toMatchObject({ type: 'policy.decision', policy: 'secret-guard', decision: 'policy.secret-guard.redacted', summary: 'one key' });
  });

  it('leave out on the wire what the call does not know', () => {
    expect(wire(callReceivedEvent(anonymous, false, 1000))).toEqual({ type: 'call.received', callId: 'c2', format: 'openai-chat', at: 1000, stream: false });
    const decision = wire(policyDecisionEvent(anonymous, 'judge', 'policy.judge.allowed', undefined, 1000));
    expect(Object.keys(decision as object).sort()).toEqual(['at', 'callId', 'decision', 'format', 'policy', 'type']);
  });

  it('are stamped at the time they are made unless told otherwise', () => {
    const before = Date.now();
    const event = callReceivedEvent(known, true);
    expect(event.at).toBeGreaterThanOrEqual(before);
    expect(event.at).toBeLessThanOrEqual(Date.now());
  });
});
