import { describe, expect, it } from 'vitest';
import { createStateKey, type Policy } from '../core/policy.js';
import { ProxyError } from '../core/proxy-error.js';
import type { StreamPart } from '../core/stream-part.js';
import { parseAnthropicRequest } from '../formats/anthropic/parse-anthropic-request.js';
import { testPolicyContext } from '../../test/helpers/test-policy-context.js';
import { PolicyChain } from './policy-chain.js';

function request() {
  const parsed = parseAnthropicRequest(Buffer.from(JSON.stringify({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] })), { maxMessages: 10 });
  if (ProxyError.isInstance(parsed)) throw parsed;
  return parsed;
}

const delta = (text: string): StreamPart => ({ type: 'text-delta', index: 0, text });
const texts = (parts: readonly StreamPart[]) => parts.map((part) => (part.type === 'text-delta' ? part.text : part.type));

describe('PolicyChain', () => {
  it('feeds each policy the previous one’s request and stops at a direct answer', async () => {
    const seen: string[] = [];
    const chain = new PolicyChain([
      { name: 'rename', onRequest: (req) => ({ action: 'continue', request: req.withModel('second') }) },
      { name: 'look', onRequest: (req) => (seen.push(req.model), { action: 'continue' }) },
      { name: 'block', onRequest: () => ({ action: 'respond', text: 'No.', reason: 'test' }) },
      { name: 'never', onRequest: () => (seen.push('never'), { action: 'continue' }) },
    ]);
    const outcome = await chain.runRequest(request(), testPolicyContext(request()));
    expect(seen).toEqual(['second']);
    expect(outcome).toEqual({ action: 'respond', text: 'No.', policy: 'block', reason: 'test' });
  });

  it('has no response transform when no policy reads the response', () => {
    expect(new PolicyChain([{ name: 'noop' }]).createPartTransform(testPolicyContext(request()))).toBeUndefined();
  });

  it('chains text transforms in order and keeps untouched parts identical', () => {
    const chain = new PolicyChain([
      { name: 'upper', onTextDelta: (text) => text.toUpperCase() },
      { name: 'exclaim', onTextDelta: (text) => `${text}!` },
    ]);
    const transform = chain.createPartTransform(testPolicyContext(request()));
    const end: StreamPart = { type: 'block-end', index: 0 };
    const out = transform?.([delta('ab'), end]);
    expect(out).not.toBeInstanceOf(Promise);
    expect(texts(out as StreamPart[])).toEqual(['AB!', 'block-end']);
    expect((out as StreamPart[])[1]).toBe(end);
  });

  it('lets onPart drop and expand parts, with later policies seeing the result', async () => {
    const chain = new PolicyChain([
      { name: 'split', onPart: (part) => (part.type === 'text-delta' ? [delta(`${part.text}1`), delta(`${part.text}2`)] : null) },
      { name: 'async-upper', onTextDelta: async (text) => Promise.resolve(text.toUpperCase()) },
    ]);
    const transform = chain.createPartTransform(testPolicyContext(request()));
    const out = await transform?.([delta('a'), { type: 'block-end', index: 0 }]);
    expect(texts(out ?? [])).toEqual(['A1', 'A2']);
  });

  it('re-encodes a part a policy changed by spreading, and keeps parts it passed through as they were', () => {
    const original: StreamPart = { ...delta('abc'), origin: { format: 'anthropic', data: {}, raw: 'RAW' } };
    const chain = new PolicyChain([
      { name: 'spread', onPart: (part) => (part.type === 'text-delta' && part.text === 'abc' ? { ...part, text: 'changed' } : part) },
    ]);
    const transform = chain.createPartTransform(testPolicyContext(request()));
    const [changed] = transform?.([original]) as StreamPart[];
    expect(changed).toMatchObject({ text: 'changed', origin: { format: 'anthropic', data: {} } });
    expect(changed?.origin?.raw).toBeUndefined();
    const kept: StreamPart = { ...delta('other'), origin: { format: 'anthropic', data: {}, raw: 'RAW2' } };
    expect((transform?.([kept]) as StreamPart[])[0]).toBe(kept);
  });

  it('runs async hooks one part at a time, in order, with per-request state', async () => {
    const counter = createStateKey('counter', () => ({ n: 0 }));
    const policy: Policy = {
      name: 'number',
      onTextDelta: async (text, ctx) => {
        const state = ctx.state(counter);
        const n = ++state.n;
        await new Promise((resolve) => setTimeout(resolve, 5 - n));
        return `${n}${text}`;
      },
    };
    const transform = new PolicyChain([policy]).createPartTransform(testPolicyContext(request()));
    expect(texts((await transform?.([delta('a'), delta('b'), delta('c')])) ?? [])).toEqual(['1a', '2b', '3c']);
    const fresh = new PolicyChain([policy]).createPartTransform(testPolicyContext(request()));
    expect(texts((await fresh?.([delta('x')])) ?? [])).toEqual(['1x']);
  });

  it('reports a failing hook as LUTHIEN_POLICY_FAILED naming the policy', async () => {
    const chain = new PolicyChain([
      { name: 'broken', onTextDelta: () => { throw new Error('boom'); } },
    ]);
    const transform = chain.createPartTransform(testPolicyContext(request()));
    expect(() => transform?.([delta('a')])).toThrow(/Policy failed: broken: boom/);
    const asyncChain = new PolicyChain([{ name: 'late', onRequest: () => Promise.reject(new Error('nope')) }]);
    await expect(asyncChain.runRequest(request(), testPolicyContext(request()))).rejects.toMatchObject({ code: 'LUTHIEN_POLICY_FAILED', status: 500 });
  });
});
