import { describe, expect, it } from 'vitest';
import { canonicalJson, VerdictCache } from './verdict-cache.js';

describe('VerdictCache', () => {
  it('computes once per key, shares a verdict being computed, and reuses it until it expires', async () => {
    let now = 0;
    const cache = new VerdictCache<number>({ maxEntries: 10, ttlMs: 1000, now: () => now });
    let computed = 0;
    const compute = () => Promise.resolve(++computed);
    const [a, b] = await Promise.all([cache.get('k', compute), cache.get('k', compute)]);
    expect([a, b]).toEqual([{ value: 1, hit: false }, { value: 1, hit: true }]);
    now = 999;
    expect(await cache.get('k', compute)).toEqual({ value: 1, hit: true });
    now = 1000 + 999;
    expect(await cache.get('k', compute)).toEqual({ value: 2, hit: false });
  });

  it('forgets a failure, so the next identical case asks again', async () => {
    const cache = new VerdictCache<string>({ maxEntries: 10, ttlMs: 1000 });
    await expect(cache.get('k', () => Promise.reject(new Error('judge down')))).rejects.toThrow('judge down');
    expect(cache.size).toBe(0);
    expect(await cache.get('k', () => Promise.resolve('ok'))).toEqual({ value: 'ok', hit: false });
  });

  it('evicts the least recently used entry past its bound', async () => {
    const cache = new VerdictCache<string>({ maxEntries: 2, ttlMs: 1000 });
    await cache.get('a', () => Promise.resolve('a1'));
    await cache.get('b', () => Promise.resolve('b1'));
    await cache.get('a', () => Promise.resolve('a2'));
    await cache.get('c', () => Promise.resolve('c1'));
    expect(await cache.get('a', () => Promise.resolve('a3'))).toEqual({ value: 'a1', hit: true });
    expect(await cache.get('b', () => Promise.resolve('b2'))).toEqual({ value: 'b2', hit: false });
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps arrays in order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe(canonicalJson({ a: { c: null, d: [2, 1] }, b: 1 }));
    expect(canonicalJson({ a: [2, 1] })).not.toBe(canonicalJson({ a: [1, 2] }));
  });
});
