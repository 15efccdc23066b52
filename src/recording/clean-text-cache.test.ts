import { describe, expect, it } from 'vitest';
import { CleanTextCache } from './clean-text-cache.js';

const textOf = (char: string, length: number): string => char.repeat(length);

describe('the cache of texts known to hold no secret', () => {
  it('remembers texts of its minimum length and up, not shorter ones', () => {
    const cache = new CleanTextCache(8, 1000);
    cache.add('short');
    cache.add('long enough');
    expect(cache.has('short')).toBe(false);
    expect(cache.has('long enough')).toBe(true);
    // The same characters in a different string object are the same text.
    expect(cache.has(['long', 'enough'].join(' '))).toBe(true);
    expect(cache.has('long enough!')).toBe(false);
  });

  it('keeps at most its bound in characters, letting the least recently used go first', () => {
    const cache = new CleanTextCache(1, 100);
    const [a, b, c, d, e] = ['a', 'b', 'c', 'd', 'e'].map((char) => textOf(char, 25)) as [string, string, string, string, string];
    for (const text of [a, b, c, d]) cache.add(text);
    expect(cache.chars).toBe(100);
    expect(cache.has(a)).toBe(true); // now b is the least recently used
    cache.add(e);
    expect([a, b, c, d, e].map((text) => cache.has(text))).toEqual([true, false, true, true, true]);
    expect(cache.chars).toBe(100);
    expect(cache.size).toBe(4);
  });

  it('keeps at most its bound in texts, however short', () => {
    const cache = new CleanTextCache(1, 1000, 3);
    for (const text of ['one', 'two', 'three', 'four']) cache.add(text);
    expect(['one', 'two', 'three', 'four'].map((text) => cache.has(text))).toEqual([false, true, true, true]);
    expect(cache.size).toBe(3);
    expect(cache.chars).toBe(12);
  });

  it('does not count a text twice, nor keep one longer than a quarter of its bound', () => {
    const cache = new CleanTextCache(1, 100);
    cache.add(textOf('a', 20));
    cache.add(textOf('a', 20));
    cache.add(textOf('z', 26));
    expect(cache.chars).toBe(20);
    expect(cache.has(textOf('z', 26))).toBe(false);
  });
});
