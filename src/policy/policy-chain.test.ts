import { describe, expect, it } from 'vitest';
import { createStateKey, type Policy, type ToolCallDecision } from '../core/policy.js';
import type { StreamPart } from '../core/stream-part.js';
import { configurePolicy } from './configured-policy.js';
import { PolicyChain } from './policy-chain.js';
import { testPolicyCall, testRequest } from './testing/index.js';

const request = () => testRequest('anthropic', 'hi');
const delta = (text: string, index = 0): StreamPart => ({ type: 'text-delta', index, text });
const texts = (parts: readonly StreamPart[]) => parts.map((part) => (part.type === 'text-delta' ? part.text : part.type));
const chainOf = (...policies: Policy[]) => new PolicyChain(policies.map((policy) => configurePolicy(policy)));

function toolCall(index: number, name: string, json: string): StreamPart[] {
  return [
    { type: 'block-start', index, kind: 'tool-call', id: `id_${index}`, name },
    { type: 'tool-input-delta', index, json },
    { type: 'block-end', index },
  ];
}

/** A promise with its resolver, for hooks whose answer the test controls. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

describe('PolicyChain: requests', () => {
  it('feeds each policy the previous one’s request and stops at a direct answer, recorded against its policy', async () => {
    const seen: string[] = [];
    const chain = chainOf(
      { name: 'rename', onRequest: (req) => ({ action: 'continue', request: req.withModel('second') }) },
      { name: 'look', onRequest: (req, ctx) => (seen.push(`${req.model}/${ctx.request.model}/${ctx.policy}`), { action: 'continue' }) },
      { name: 'answer', onRequest: () => ({ action: 'respond', text: 'No.', reason: 'test' }) },
      { name: 'never', onRequest: () => (seen.push('never'), { action: 'continue' }) },
    );
    const test = testPolicyCall(request());
    const outcome = await chain.runRequest(request(), test.call);
    expect(seen).toEqual(['second/second/look']);
    expect(outcome).toEqual({ action: 'respond', text: 'No.', policy: 'answer' });
    expect(test.events).toEqual([{ policy: 'answer', type: 'policy.responded', summary: 'test', data: { hook: 'onRequest', text: 'No.', reason: 'test' } }]);
  });

  it('answers a blocked request with the formatter’s text (or the policy’s own) and records it', async () => {
    const test = testPolicyCall(request());
    const outcome = await chainOf({ name: 'guard', onRequest: () => ({ action: 'block', reason: 'it asks for a secret' }) }).runRequest(request(), test.call);
    expect(outcome).toMatchObject({ action: 'respond', policy: 'guard' });
    expect(outcome.action === 'respond' ? outcome.text : '').toMatch(/not sent to the model: the guard policy blocked it\.\nReason: it asks for a secret\./);
    expect(test.events).toEqual([expect.objectContaining({ policy: 'guard', type: 'policy.blocked', data: { hook: 'onRequest', request: 'hi', reason: 'it asks for a secret' } })]);

    const own = await chainOf({ name: 'guard', onRequest: () => ({ action: 'block', reason: 'r', message: 'Nope.' }) }).runRequest(request(), testPolicyCall(request()).call);
    expect(own).toEqual({ action: 'respond', text: 'Nope.', policy: 'guard' });
  });

  it('uses the configured templates', async () => {
    const chain = new PolicyChain([configurePolicy({ name: 'guard', onRequest: () => ({ action: 'block', reason: 'too long' }) })], {
      messages: { blocked_request: '[{policy}] {reason} ({unknown})' },
    });
    expect(await chain.runRequest(request(), testPolicyCall(request()).call)).toMatchObject({ text: '[guard] too long. ({unknown})' });
  });
});

describe('PolicyChain: response stages', () => {
  it('has no response transform when no policy reads the response', () => {
    const chain = chainOf({ name: 'noop' }, { name: 'request-only', onRequest: () => ({ action: 'continue' }) });
    expect(chain.readsResponses).toBe(false);
    expect(chain.createPartTransform(testPolicyCall(request()).call)).toBeUndefined();
  });

  it('chains text transforms in order, synchronously, and keeps untouched parts identical', () => {
    const chain = chainOf({ name: 'upper', onTextDelta: (text) => text.toUpperCase() }, { name: 'exclaim', onTextDelta: (text) => `${text}!` });
    const transform = chain.createPartTransform(testPolicyCall(request()).call);
    const end: StreamPart = { type: 'block-end', index: 0 };
    const out = transform?.([delta('ab'), end]);
    expect(out).not.toBeInstanceOf(Promise);
    expect(texts(out as StreamPart[])).toEqual(['AB!', 'block-end']);
    expect((out as StreamPart[])[1]).toBe(end);
    const upper = chainOf({ name: 'upper', onTextDelta: (text) => text.toUpperCase() }).createPartTransform(testPolicyCall(request()).call);
    const same = delta('AB');
    expect((upper?.([same]) as StreamPart[])[0]).toBe(same);
  });

  it('lets onPart drop and expand parts, with later policies seeing the result', async () => {
    const chain = chainOf(
      { name: 'split', onPart: (part) => (part.type === 'text-delta' ? [delta(`${part.text}1`), delta(`${part.text}2`)] : null) },
      { name: 'async-upper', onTextDelta: async (text) => Promise.resolve(text.toUpperCase()) },
    );
    const out = await chain.createPartTransform(testPolicyCall(request()).call)?.([delta('a'), { type: 'block-end', index: 0 }]);
    expect(texts(out ?? [])).toEqual(['A1', 'A2']);
  });

  it('re-encodes a part a policy changed by spreading, and keeps parts it passed through as they were', () => {
    const original: StreamPart = { ...delta('abc'), origin: { format: 'anthropic', data: {}, raw: 'RAW' } };
    const chain = chainOf({ name: 'spread', onPart: (part) => (part.type === 'text-delta' && part.text === 'abc' ? { ...part, text: 'changed' } : part) });
    const transform = chain.createPartTransform(testPolicyCall(request()).call);
    const [changed] = transform?.([original]) as StreamPart[];
    expect(changed).toMatchObject({ text: 'changed', origin: { format: 'anthropic', data: {} } });
    expect(changed?.origin?.raw).toBeUndefined();
    const kept: StreamPart = { ...delta('other'), origin: { format: 'anthropic', data: {}, raw: 'RAW2' } };
    expect((transform?.([kept]) as StreamPart[])[0]).toBe(kept);
  });

  it('runs async hooks one part at a time, in order, with per-request state shared by the call’s policies', async () => {
    const counter = createStateKey('counter', () => ({ n: 0 }));
    const number: Policy = {
      name: 'number',
      onTextDelta: async (text, ctx) => {
        const n = ++ctx.state(counter).n;
        await Promise.resolve();
        return `${n}${text}`;
      },
    };
    const peek: Policy = { name: 'peek', onTextDelta: (text, ctx) => `${text}/${ctx.state(counter).n}` };
    const transform = chainOf(number, peek).createPartTransform(testPolicyCall(request()).call);
    const out: StreamPart[] = [];
    for (const text of ['a', 'b', 'c']) out.push(...((await transform?.([delta(text)])) ?? []));
    expect(texts(out)).toEqual(['1a/1', '2b/2', '3c/3']);
    const fresh = chainOf(number).createPartTransform(testPolicyCall(request()).call);
    expect(texts((await fresh?.([delta('x')])) ?? [])).toEqual(['1x']);
  });

  it('attributes events a policy emits to that policy', async () => {
    const test = testPolicyCall(request());
    const chain = chainOf(
      { name: 'first', onTextDelta: (text, ctx) => (ctx.emit({ type: 'saw', summary: text }), text) },
      { name: 'second', onRequest: (_req, ctx) => (ctx.emit({ type: 'looked' }), { action: 'continue' }), onTextDelta: (text, ctx) => (ctx.emit({ type: 'saw-too' }), text) },
    );
    await chain.runRequest(request(), test.call);
    await chain.createPartTransform(test.call)?.([delta('x')]);
    expect(test.events).toEqual([
      { policy: 'second', type: 'looked' },
      { policy: 'first', type: 'saw', summary: 'x' },
      { policy: 'second', type: 'saw-too' },
    ]);
  });

  it('judges consecutive tool calls at once and releases them in order when the message goes on', async () => {
    const log: string[] = [];
    const answers = new Map([
      ['one', deferred<ToolCallDecision>()],
      ['two', deferred<ToolCallDecision>()],
    ]);
    const policy: Policy = {
      name: 'judge',
      onToolCall: async (call) => {
        log.push(`start ${call.name}`);
        const decision = await (answers.get(call.name)?.promise ?? Promise.resolve<ToolCallDecision>({ action: 'allow' }));
        log.push(`done ${call.name}`);
        return decision;
      },
    };
    const transform = chainOf(policy).createPartTransform(testPolicyCall(request()).call);
    if (transform === undefined) throw new Error('no transform');
    // The first call is complete: its hook starts, and nothing waits for it yet.
    const first = await transform(toolCall(1, 'one', '{"a":1}'));
    expect(first).toEqual([]);
    expect(log).toEqual(['start one']);
    // The second arrives while the first is still being judged: its hook starts too.
    const second = await transform(toolCall(2, 'two', '{"b":2}'));
    expect(second).toEqual([]);
    expect(log).toEqual(['start one', 'start two']);
    // The message's final delta must wait for both; the second answers first, the order stays.
    const finish = transform([{ type: 'message-delta', stopReason: 'tool-use' }]);
    answers.get('two')?.resolve({ action: 'allow' });
    await Promise.resolve();
    answers.get('one')?.resolve({ action: 'block', reason: 'not today' });
    const out = await finish;
    expect(log).toEqual(['start one', 'start two', 'done two', 'done one']);
    // The explanation of the blocked call goes before the calls that remain.
    expect(out.map((part) => `${part.type}${'index' in part ? `:${String(part.index)}` : ''}`)).toEqual([
      'block-start:1',
      'text-delta:1',
      'block-end:1',
      'block-start:2',
      'tool-input-delta:2',
      'block-end:2',
      'message-delta',
    ]);
  });
});
