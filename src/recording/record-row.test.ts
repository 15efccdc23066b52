import { describe, expect, it } from 'vitest';
import { recordFromRow, recordRow, type RowFields } from './record-row.js';
import type { SharedFields } from './worker-record.js';

const shared: SharedFields = {
  sessionId: 'session-1',
  userId: 'user-1',
  format: 'openai-chat',
  backend: 'openai',
  model: 'gpt-session-model',
  userText: 'Fix the parser — it drops “quotes”',
  headersJson: '{"user-agent":"codex"}',
};

const fields: RowFields = {
  callId: 'call-1',
  stream: true,
  status: 200,
  outcome: 'completed',
  stopReason: 'tool-use',
  usage: { inputTokens: 12, outputTokens: 3 },
  receivedAt: 1_795_763_973_694,
  timings: { upstreamHeaders: 5.678, firstByteToClient: 6.157, done: 6.162 },
  originalRequest: 'bytes',
  finalRequest: { value: { model: 'gpt-test', messages: [{ role: 'user', content: 'rewritten ✓' }] } },
  upstreamResponse: { blocks: [{ type: 'tool-call', id: 't1', name: 'Bash', input: { command: 'ls' }, inputJson: '{"command":"ls"}' }], stopReason: 'tool-use', usage: { inputTokens: 12 }, complete: true },
  clientResponse: 'upstream',
  policyEvents: [{ policy: 'judge', type: 'policy.judge.allowed', summary: 'fine', data: { score: 0.1 }, at: 4.2 }],
  error: { code: 'LUTHIEN_UPSTREAM', message: 'late' },
};

describe('a record row', () => {
  it('comes back, with its shared fields, as the record it was made of', () => {
    const record = recordFromRow(recordRow(fields), shared);
    const { headersJson: _headers, ...sessionFields } = shared;
    expect(record).toEqual({ ...fields, ...sessionFields });
  });

  it('carries none of the fields a session shares, and no names', () => {
    const row = recordRow(fields);
    for (const value of [shared.sessionId, shared.userId, shared.model, shared.userText, 'user-agent', 'callId']) expect(row).not.toContain(value);
    expect(JSON.parse(row)).toHaveLength(16);
  });

  it('gives back what was absent as absent, whatever the session lacks too', () => {
    const bare: RowFields = { ...fields, stopReason: null, usage: {}, timings: {}, originalRequest: undefined, finalRequest: undefined, upstreamResponse: undefined, clientResponse: undefined, policyEvents: [], error: undefined };
    const none: SharedFields = { sessionId: undefined, userId: undefined, format: 'anthropic', backend: undefined, model: undefined, userText: undefined, headersJson: '{}' };
    const record = recordFromRow(recordRow(bare), none);
    expect(record).toMatchObject({ stopReason: null, originalRequest: undefined, finalRequest: undefined, upstreamResponse: undefined, clientResponse: undefined, error: undefined, sessionId: undefined, userText: undefined });
    expect(record.timings).toEqual({});
  });

  it('sends timings as whole microseconds, and gives back exactly the milliseconds it was given', () => {
    const timings = { upstreamHeaders: 0.001, firstByteToClient: 1234.567, done: 98_765.432 };
    expect((JSON.parse(recordRow({ ...fields, timings })) as unknown[]).slice(7, 10)).toEqual([1, 1_234_567, 98_765_432]);
    for (const value of [0, 5, 5.678, 6.157, 0.1 + 0.2, 1 / 3, 12.3456789, 1e-7]) {
      const back = recordFromRow(recordRow({ ...fields, timings: { done: value } }), shared).timings.done;
      expect(back).toBe(value);
    }
  });

  it('is written as JSON can hold it when a policy left a cycle or a BigInt in an event', () => {
    const data: Record<string, unknown> = { count: 10n };
    data.self = data;
    const record = recordFromRow(recordRow({ ...fields, policyEvents: [{ policy: 'p', type: 'noted', at: 1, data }] }), shared);
    expect(record.policyEvents[0]?.data).toEqual({ count: '10', self: '[Circular]' });
  });

  it('is refused when it is not a row, or came without its shared fields', () => {
    expect(() => recordFromRow('{"callId":"call-1"}', shared)).toThrow(/shape/);
    expect(() => recordFromRow('["call-1"]', shared)).toThrow(/shape/);
    expect(() => recordFromRow('[1', shared)).toThrow(SyntaxError);
    expect(() => recordFromRow(recordRow(fields), undefined)).toThrow(/call-1 travelled without its session's fields/);
  });
});
