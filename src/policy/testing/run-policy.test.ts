import { describe, expect, it } from 'vitest';
import type { Policy } from '../../core/policy.js';
import { configurePolicy, runPolicy, testPolicyContext, testRequest } from './index.js';

describe('runPolicy, the testing kit', () => {
  it('runs the request hooks, and shows the request the upstream would get', async () => {
    const policy: Policy = { name: 'tag', onRequest: (request) => ({ action: 'continue', request: request.withField('tag', 'seen') }) };
    const result = await runPolicy(policy, { format: 'openai-chat', stream: false, request: 'What is 2 + 2?' });
    expect(result.upstreamRequest?.body).toMatchObject({ tag: 'seen', messages: [{ role: 'user', content: 'What is 2 + 2?' }] });
    expect(result.text).toBe('Hello from the model.');
    expect(result.unchanged).toBe(true);
    expect(result.violations).toEqual([]);
  });

  it('writes the scripted answer as each API would, and reports what the client got', async () => {
    const answer = { blocks: [{ type: 'thinking', thinking: 'Hmm.' }, { type: 'text', text: 'Done.' }, { type: 'tool-call', name: 'exec_command', input: { cmd: 'ls' }, id: 'call_1' }], usage: { inputTokens: 5, outputTokens: 7 } } as const;
    for (const format of ['anthropic', 'openai-chat', 'openai-responses'] as const) {
      const result = await runPolicy({ name: 'noop' }, { format, stream: true, response: answer });
      expect(result.violations, format).toEqual([]);
      expect(result.reply, format).toMatchObject({ blocks: [{ type: 'thinking', thinking: 'Hmm.' }, { type: 'text', text: 'Done.' }, { type: 'tool-call', id: 'call_1', name: 'exec_command', input: { cmd: 'ls' } }], stopReason: 'tool-use', usage: { outputTokens: 7 }, complete: true });
      expect(result.output.stream && result.output.text).toMatch(/Done\./);
    }
  });

  it('reports the repairs the invariants made, and the validator’s verdict', async () => {
    const breaking: Policy = { name: 'drop-finish', onPart: (part) => (part.type === 'message-delta' ? null : part) };
    const result = await runPolicy(breaking, { format: 'openai-chat', stream: true });
    expect(result.repaired).toEqual([expect.objectContaining({ rule: 'missing-finish' })]);
    expect(result.violations).toEqual([]);
    expect(result.unchanged).toBe(false);
  });

  it('throws when a policy gives another reply for another cut of the same bytes', async () => {
    let batches = 0;
    // A policy whose output depends on how the bytes arrived (it must not): it numbers the parts it sees across batches.
    const fragile: Policy = { name: 'fragile', onPart: (part) => (part.type === 'message-start' ? (batches++, part) : part), onTextDelta: (text) => (batches > 1 ? text.toUpperCase() : text) };
    await expect(runPolicy(fragile, { format: 'anthropic', stream: true, splitEveryChunk: true })).rejects.toThrow(/split at \d+ \+ \d+ bytes: the reply differs/);
  });

  it('runs a chain with each policy’s failure mode and timeout', async () => {
    const hangs: Policy = { name: 'hangs', onTextBlock: () => new Promise(() => undefined) };
    const result = await runPolicy([configurePolicy(hangs, { failureMode: 'fail_open', timeoutMs: 10 }), { name: 'upper', onTextDelta: (text) => text.toUpperCase() }], { format: 'anthropic', stream: false });
    expect(result.text).toBe('HELLO FROM THE MODEL.');
    expect(result.events).toEqual([expect.objectContaining({ policy: 'hangs', type: 'policy.failed', data: expect.objectContaining({ timedOut: true, failureMode: 'fail_open' }) as unknown })]);
    expect(result.warnings).toEqual([expect.objectContaining({ policy: 'hangs', hook: 'onTextBlock' })]);
  });

  it('uses the given message templates', async () => {
    const guard: Policy = { name: 'guard', onToolCall: () => ({ action: 'block', reason: 'no' }) };
    const response = { blocks: [{ type: 'tool-call', name: 'exec_command', input: {} }] } as const;
    const result = await runPolicy(guard, { format: 'openai-responses', stream: false, response, messages: { blocked_tool_call: 'Nope: {tool}.' } });
    expect(result.text).toBe('Nope: exec_command.');
    expect(result.reply.stopReason).toBe('end-turn');
  });

  it('gives a context for calling a hook directly', async () => {
    const ctx = testPolicyContext('emitter', testRequest('anthropic', 'hi'));
    const policy: Policy = { name: 'emitter', onRequest: (request, hookCtx) => (hookCtx.emit({ type: 'saw', summary: request.lastUserText() }), { action: 'continue' }) };
    expect(await policy.onRequest?.(ctx.request, ctx)).toEqual({ action: 'continue' });
    expect(ctx.events).toEqual([{ policy: 'emitter', type: 'saw', summary: 'hi' }]);
    expect(ctx.policy).toBe('emitter');
    expect(ctx.signal.aborted).toBe(false);
  });
});
