import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../core/call-record.js';
import { callEndedEvent } from './call-ended-event.js';

const record: CallRecord = {
  callId: 'c1',
  sessionId: 's1',
  userId: undefined,
  format: 'openai-responses',
  backend: 'openai',
  model: 'gpt-test',
  stream: true,
  status: 200,
  outcome: 'completed',
  stopReason: 'end-turn',
  usage: { inputTokens: 12, outputTokens: 3 },
  receivedAt: 1000,
  timings: { done: 42 },
  originalRequest: undefined,
  finalRequest: undefined,
  requestHeaders: {},
  upstreamResponse: undefined,
  clientResponse: undefined,
  policyEvents: [],
  error: undefined,
};

describe('callEndedEvent', () => {
  it('reports a completed call with its stop reason and usage', () => {
    expect(callEndedEvent(record, 5000)).toEqual({
      type: 'call.completed',
      callId: 'c1',
      sessionId: 's1',
      model: 'gpt-test',
      format: 'openai-responses',
      at: 5000,
      status: 200,
      outcome: 'completed',
      stopReason: 'end-turn',
      durationMs: 42,
      inputTokens: 12,
      outputTokens: 3,
    });
  });

  it('reports failures with their error code and aborts as such', () => {
    const failed = { ...record, outcome: 'upstream-error', status: 429, error: { code: 'UPSTREAM_RATE_LIMITED', message: 'slow down' } } as const;
    expect(callEndedEvent(failed, 5000)).toMatchObject({ type: 'call.error', status: 429, outcome: 'upstream-error', errorCode: 'UPSTREAM_RATE_LIMITED' });
    expect(callEndedEvent({ ...record, outcome: 'failed', status: 502 }, 5000)).toMatchObject({ type: 'call.error', errorCode: 'HTTP_502' });
    const aborted: unknown = JSON.parse(JSON.stringify(callEndedEvent({ ...record, outcome: 'aborted', status: 0, timings: {} }, 5000)));
    expect(aborted).toEqual({ type: 'call.aborted', callId: 'c1', sessionId: 's1', model: 'gpt-test', format: 'openai-responses', at: 5000, status: 0, durationMs: 4000 });
  });

  it('leaves out, on the wire, a stop reason and usage the call does not have', () => {
    const bare = callEndedEvent({ ...record, sessionId: undefined, model: undefined, stopReason: null, usage: {} }, 5000);
    expect(Object.keys(JSON.parse(JSON.stringify(bare)) as object).sort()).toEqual(['at', 'callId', 'durationMs', 'format', 'outcome', 'status', 'type']);
  });
});
