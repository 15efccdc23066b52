import { describe, expect, it } from 'vitest';
import { TextLru } from './text-lru.js';

describe('TextLru', () => {
  it('gives back what was kept for a text, and nothing for a text too short to keep', () => {
    const lru = new TextLru<string>(3, 100);
    lru.set('abc', 'one');
    lru.set('ab', 'short');
    expect(lru.get('abc')).toBe('one');
    expect(lru.get('ab')).toBeUndefined();
    expect(lru.size).toBe(1);
  });

  it('drops the least recently used text first, within its bounds of characters and entries', () => {
    const lru = new TextLru<number>(1, 16, 4);
    lru.set('aaaa', 1);
    lru.set('bbbb', 2);
    lru.set('cccc', 3);
    expect(lru.get('aaaa')).toBe(1);
    lru.set('dddd', 4);
    lru.set('ee', 5);
    // 18 characters: 'bbbb', the least recently used, goes.
    expect(lru.get('bbbb')).toBeUndefined();
    expect(lru.chars).toBe(14);
    lru.set('f', 6);
    // Five texts: 'cccc' is now the least recently used.
    expect(lru.get('cccc')).toBeUndefined();
    expect([lru.get('aaaa'), lru.get('dddd'), lru.get('ee'), lru.get('f')]).toEqual([1, 4, 5, 6]);
    // Longer than a quarter of the bound: not kept.
    lru.set('ggggg', 7);
    expect(lru.get('ggggg')).toBeUndefined();
  });
});
