import { describe, expect, it } from 'vitest';
import type { Policy } from '../core/policy.js';
import type { WireFormat } from '../core/wire-format.js';
import { configurePolicy } from './configured-policy.js';
import { runPolicy, type ScriptedResponse } from './testing/index.js';

/*
 * Every hook on every format, streaming and not, through the real runtime, invariants and encoder of
 * each format (the testing kit), with streamed answers also cut at every byte boundary.
 */

const formats: readonly WireFormat[] = ['anthropic', 'openai-chat', 'openai-responses'];
const cases = formats.flatMap((format) => [true, false].map((stream) => ({ format, stream, mode: stream ? 'streaming' : 'non-streaming' })));

const textAnswer: ScriptedResponse = { blocks: [{ type: 'text', text: ['Hello', ' there', ', friend.'] }] };
const toolAnswer: ScriptedResponse = {
  blocks: [
    { type: 'text', text: ['Let me', ' run that.'] },
    { type: 'tool-call', name: 'exec_command', input: { cmd: 'ls -la' } },
  ],
};
const twoToolsAnswer: ScriptedResponse = {
  blocks: [
    { type: 'text', text: 'Two steps.' },
    { type: 'tool-call', name: 'exec_command', input: { cmd: 'rm -rf /' }, id: 'call_first' },
    { type: 'tool-call', name: 'exec_command', input: { cmd: 'ls' }, id: 'call_second' },
  ],
};

const blockTypes = (result: Awaited<ReturnType<typeof runPolicy>>) => result.reply.blocks.map((block) => block.type);

describe.each(cases)('$format, $mode', ({ format, stream }) => {
  /** With the streamed answer cut at every byte too. */
  const run = (policies: Parameters<typeof runPolicy>[0], response: ScriptedResponse) => runPolicy(policies, { format, stream, response, splitEveryChunk: stream });
  /** Whole chunks only, for the variations of a case already split. */
  const runWhole = (policies: Parameters<typeof runPolicy>[0], response: ScriptedResponse) => runPolicy(policies, { format, stream, response });

  it('no hook: the answer passes as the model wrote it', async () => {
    const result = await run({ name: 'noop' }, toolAnswer);
    expect(result.violations).toEqual([]);
    expect(result.unchanged).toBe(true);
    expect(result.text).toBe('Let me run that.');
    expect(result.toolCalls).toEqual([{ id: expect.any(String) as unknown, name: 'exec_command', input: { cmd: 'ls -la' } }]);
    expect(result.reply.stopReason).toBe('tool-use');
  });

  it('onRequest: a patched request goes upstream; a direct answer replaces the model', async () => {
    const patched = await runWhole({ name: 'patch', onRequest: (request) => ({ action: 'continue', request: request.withModel('other-model') }) }, textAnswer);
    expect(patched.upstreamRequest?.model).toBe('other-model');

    const answered = await runWhole({ name: 'answer', onRequest: () => ({ action: 'respond', text: 'Answered by policy.' }) }, textAnswer);
    expect(answered.violations).toEqual([]);
    expect(answered.upstreamRequest).toBeUndefined();
    expect(answered.text).toBe('Answered by policy.');
    expect(answered.reply.stopReason).toBe('end-turn');
  });

  it('onTextDelta: transforms each delta; tool input untouched', async () => {
    const result = await run({ name: 'upper', onTextDelta: (text) => text.toUpperCase() }, toolAnswer);
    expect(result.violations).toEqual([]);
    expect(result.text).toBe('LET ME RUN THAT.');
    expect(result.toolCalls[0]?.input).toEqual({ cmd: 'ls -la' });
  });

  it('onTextBlock: sees the whole block, and may replace, drop or block it', async () => {
    const seen: string[] = [];
    const keep = await runWhole({ name: 'look', onTextBlock: (block) => (seen.push(`${block.index}:${block.text}`), { action: 'keep' }) }, textAnswer);
    expect(keep.text).toBe('Hello there, friend.');
    expect(seen[0]).toBe('0:Hello there, friend.');

    const replaced = await runWhole({ name: 'swap', onTextBlock: () => ({ action: 'replace', blocks: [{ type: 'text', text: 'One.' }, { type: 'text', text: 'Two.' }], reason: 'rewritten' }) }, textAnswer);
    expect(replaced.violations).toEqual([]);
    expect(replaced.reply.blocks).toEqual([{ type: 'text', text: 'One.' }, { type: 'text', text: 'Two.' }]);
    expect(replaced.events).toEqual([expect.objectContaining({ policy: 'swap', type: 'policy.replaced', data: expect.objectContaining({ text: 'Hello there, friend.', reason: 'rewritten' }) as unknown })]);

    const dropped = await runWhole({ name: 'drop', onTextBlock: () => ({ action: 'drop', reason: 'noise' }) }, toolAnswer);
    expect(dropped.violations).toEqual([]);
    expect(blockTypes(dropped)).toEqual(['tool-call']);
    expect(dropped.events).toEqual([expect.objectContaining({ type: 'policy.dropped', data: { hook: 'onTextBlock', text: 'Let me run that.', reason: 'noise' } })]);

    const blocked = await run({ name: 'censor', onTextBlock: () => ({ action: 'block', reason: 'it names a secret' }) }, textAnswer);
    expect(blocked.violations).toEqual([]);
    expect(blocked.text).toMatch(/^Part of this response was withheld by the censor policy\.\nReason: it names a secret\./);
    expect(blocked.events).toEqual([expect.objectContaining({ type: 'policy.blocked', data: { hook: 'onTextBlock', text: 'Hello there, friend.', reason: 'it names a secret' } })]);
  });

  it('onToolCall allow: the call passes as it came', async () => {
    const views: unknown[] = [];
    const result = await run({ name: 'allow', onToolCall: (call) => (views.push(call), { action: 'allow' }) }, toolAnswer);
    expect(result.unchanged).toBe(true);
    expect(views[0]).toMatchObject({ name: 'exec_command', input: { cmd: 'ls -la' }, inputJson: '{"cmd":"ls -la"}', index: 1 });
  });

  it('onToolCall replace: another call with the same id', async () => {
    const result = await run({ name: 'swap', onToolCall: () => ({ action: 'replace', input: { cmd: 'ls' }, reason: 'safer' }) }, toolAnswer);
    const plain = await run({ name: 'noop' }, toolAnswer);
    expect(result.violations).toEqual([]);
    expect(result.toolCalls).toEqual([{ id: plain.toolCalls[0]?.id, name: 'exec_command', input: { cmd: 'ls' } }]);
    expect(result.reply.stopReason).toBe('tool-use');
    expect(result.events).toEqual([
      expect.objectContaining({ type: 'policy.replaced', data: expect.objectContaining({ input: { cmd: 'ls -la' }, replacement: { name: 'exec_command', input: { cmd: 'ls' } } }) as unknown }),
    ]);
  });

  it('onToolCall block: an explanation instead, and the turn ends', async () => {
    const result = await run({ name: 'guard', onToolCall: () => ({ action: 'block', reason: 'listing is not allowed' }) }, toolAnswer);
    expect(result.violations).toEqual([]);
    expect(result.toolCalls).toEqual([]);
    expect(result.text).toMatch(/^Let me run that\.The `exec_command` tool call was blocked by the guard policy, so it was not run\.\nReason: listing is not allowed\./);
    expect(result.reply.stopReason).toBe('end-turn');
    expect(result.events).toEqual([
      { policy: 'guard', type: 'policy.blocked', summary: 'listing is not allowed', data: { hook: 'onToolCall', tool: 'exec_command', id: expect.any(String) as unknown, input: { cmd: 'ls -la' }, reason: 'listing is not allowed' } },
    ]);
  });

  it('onToolCall block of one call of two: its explanation before the call that remains, still a tool-use stop', async () => {
    const guard: Policy = { name: 'guard', onToolCall: (call) => (JSON.stringify(call.input).includes('rm -rf') ? { action: 'block', reason: 'it deletes everything', message: 'Not deleting /.' } : { action: 'allow' }) };
    const result = await run(guard, twoToolsAnswer);
    expect(result.violations).toEqual([]);
    expect(result.reply.blocks).toEqual([
      { type: 'text', text: 'Two steps.' },
      { type: 'text', text: 'Not deleting /.' },
      expect.objectContaining({ type: 'tool-call', id: 'call_second', input: { cmd: 'ls' } }),
    ]);
    expect(result.reply.stopReason).toBe('tool-use');
  });

  it('onResponse: sees the whole response; appended text goes before trailing tool calls, an appended call after', async () => {
    let seen: unknown;
    const append: Policy = {
      name: 'footer',
      onResponse: (response) => {
        seen = response;
        return { action: 'append', blocks: [{ type: 'text', text: 'Checked by Luthien.' }], reason: 'footer' };
      },
    };
    const result = await run(append, toolAnswer);
    expect(result.violations).toEqual([]);
    expect(seen).toMatchObject({ blocks: [{ type: 'text', text: 'Let me run that.' }, { type: 'tool-call', name: 'exec_command', input: { cmd: 'ls -la' } }], stopReason: 'tool-use' });
    expect(result.reply.blocks.map((block) => (block.type === 'text' ? block.text : block.type))).toEqual(['Let me run that.', 'Checked by Luthien.', 'tool-call']);
    expect(result.events).toEqual([expect.objectContaining({ type: 'policy.appended', data: { hook: 'onResponse', blocks: [{ type: 'text', text: 'Checked by Luthien.' }], reason: 'footer' } })]);

    const addCall: Policy = { name: 'add', onResponse: () => ({ action: 'append', blocks: [{ type: 'tool-call', name: 'exec_command', input: { cmd: 'true' } }] }) };
    const added = await runWhole(addCall, textAnswer);
    expect(added.violations).toEqual([]);
    expect(added.toolCalls).toMatchObject([{ name: 'exec_command', input: { cmd: 'true' } }]);
    expect(added.reply.stopReason).toBe('tool-use');
  });

  it('onPart: the escape hatch sees every part', async () => {
    const types = new Set<string>();
    const result = await run({ name: 'parts', onPart: (part) => (types.add(part.type), part.type === 'thinking-delta' ? null : part) }, toolAnswer);
    expect(result.violations).toEqual([]);
    expect([...types]).toEqual(expect.arrayContaining(['message-start', 'block-start', 'text-delta', 'tool-input-delta', 'block-end', 'message-delta', 'message-end']));
  });

  it('a chain: each policy’s output feeds the next, and each event names its policy', async () => {
    const guard: Policy = { name: 'guard', onToolCall: () => ({ action: 'block', reason: 'no' }) };
    const shout: Policy = { name: 'shout', onTextBlock: (block, ctx) => (ctx.emit({ type: 'shouted' }), { action: 'replace', blocks: [{ type: 'text', text: block.text.toUpperCase() }] }) };
    const result = await run([guard, shout], toolAnswer);
    expect(result.violations).toEqual([]);
    expect(result.reply.blocks).toEqual([{ type: 'text', text: 'LET ME RUN THAT.' }, { type: 'text', text: expect.stringMatching(/^THE `EXEC_COMMAND` TOOL CALL WAS BLOCKED/) as unknown }]);
    expect(result.events.map((event) => `${event.policy}:${event.type}`)).toEqual(['guard:policy.blocked', 'shout:shouted', 'shout:shouted']);
  });
});

/** A hook that fails in one of two ways. */
const failing = {
  throws: (): never => {
    throw new Error('boom');
  },
  hangs: (): Promise<never> => new Promise<never>(() => undefined),
};

const hooks: readonly { readonly hook: string; readonly policy: (fail: () => unknown) => Policy }[] = [
  { hook: 'onRequest', policy: (fail) => ({ name: 'flaky', onRequest: fail as Policy['onRequest'] }) },
  { hook: 'onTextDelta', policy: (fail) => ({ name: 'flaky', onTextDelta: fail as Policy['onTextDelta'] }) },
  { hook: 'onTextBlock', policy: (fail) => ({ name: 'flaky', onTextBlock: fail as Policy['onTextBlock'] }) },
  { hook: 'onToolCall', policy: (fail) => ({ name: 'flaky', onToolCall: fail as Policy['onToolCall'] }) },
  { hook: 'onResponse', policy: (fail) => ({ name: 'flaky', onResponse: fail as Policy['onResponse'] }) },
  { hook: 'onPart', policy: (fail) => ({ name: 'flaky', onPart: (part) => (part.type === 'text-delta' ? (fail() as null) : part) }) },
];

const failureCases = formats.flatMap((format) =>
  [true, false].flatMap((stream) => hooks.flatMap(({ hook, policy }) => (['throws', 'hangs'] as const).map((how) => ({ format, stream, hook, policy, how })))),
);

describe('failing hooks', () => {
  it.each(failureCases)('$format (stream: $stream), $hook $how: fail_closed withholds and explains, fail_open passes, both record', async ({ format, stream, hook, policy, how }) => {
    const build = (mode: 'fail_closed' | 'fail_open') => configurePolicy(policy(failing[how]), { failureMode: mode, timeoutMs: 20 });
    const plain = await runPolicy({ name: 'noop' }, { format, stream, response: toolAnswer });

    const closed = await runPolicy(build('fail_closed'), { format, stream, response: toolAnswer });
    expect(closed.violations).toEqual([]);
    expect(closed.text).toMatch(/The flaky policy could not check .+ \((it failed with an error|it did not answer within 20 ms)\), so it was withheld to be safe\./);
    const failed = { policy: 'flaky', type: 'policy.failed', summary: expect.stringContaining(hook) as unknown, data: expect.objectContaining({ hook, timedOut: how === 'hangs', failureMode: 'fail_closed' }) as unknown };
    expect(closed.events.length).toBeGreaterThan(0);
    for (const event of closed.events) expect(event).toEqual(failed);
    if (!['onTextDelta', 'onPart'].includes(hook)) expect(closed.events).toHaveLength(1);
    expect(closed.warnings).toContainEqual(expect.objectContaining({ policy: 'flaky', hook }));
    if (hook === 'onRequest') expect(closed.upstreamRequest).toBeUndefined();
    if (hook === 'onToolCall') expect(closed.toolCalls).toEqual([]);
    if (hook === 'onToolCall') expect(closed.reply.stopReason).toBe('end-turn');
    if (hook === 'onTextDelta' || hook === 'onTextBlock' || hook === 'onPart') expect(closed.text).not.toContain('Let me');

    const open = await runPolicy(build('fail_open'), { format, stream, response: toolAnswer });
    expect(open.violations).toEqual([]);
    expect(open.reply).toEqual(plain.reply);
    expect(open.events[0]).toMatchObject({ policy: 'flaky', type: 'policy.failed', data: { hook, failureMode: 'fail_open', timedOut: how === 'hangs' } });
  });

  it('aborts a timed-out hook’s signal, and only that hook’s', async () => {
    const signals: AbortSignal[] = [];
    const policy: Policy = {
      name: 'slow',
      onToolCall: (call, ctx) => {
        signals.push(ctx.signal);
        return call.name === 'slow' ? new Promise(() => undefined) : { action: 'allow' };
      },
    };
    const answer: ScriptedResponse = { blocks: [{ type: 'tool-call', name: 'fast', input: {} }, { type: 'tool-call', name: 'slow', input: {} }] };
    const result = await runPolicy(configurePolicy(policy, { timeoutMs: 20 }), { format: 'anthropic', stream: true, response: answer });
    expect(signals.map((signal) => signal.aborted)).toEqual([false, true]);
    expect(result.toolCalls.map((call) => call.name)).toEqual(['fast']);
    expect(result.violations).toEqual([]);
  });
});
