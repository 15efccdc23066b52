import { describe, expect, it } from 'vitest';
import { regexMatchBounds } from './regex-match-bounds.js';

describe('regexMatchBounds', () => {
  it('bounds literal text, classes, groups, alternations and counted repeats', () => {
    expect(regexMatchBounds('abc')).toEqual({ min: 3, max: 3, after: 0, before: 0 });
    expect(regexMatchBounds('a[bc]?d')).toEqual({ min: 2, max: 4, after: 0, before: 0 });
    expect(regexMatchBounds('(?:cat|horse)s?')).toEqual({ min: 3, max: 6, after: 0, before: 0 });
    expect(regexMatchBounds('(?<id>\\d{2,4})-x{3}')).toEqual({ min: 6, max: 8, after: 0, before: 0 });
    expect(regexMatchBounds('\\u0041\\x42\\p{L}\\n')).toEqual({ min: 4, max: 5, after: 0, before: 0 });
    expect(regexMatchBounds('\u{1F600}')).toEqual({ min: 2, max: 2, after: 0, before: 0 });
  });

  it('counts what word boundaries and lookaheads read around a match', () => {
    expect(regexMatchBounds('\\bfoo\\b')).toEqual({ min: 3, max: 3, after: 1, before: 1 });
    expect(regexMatchBounds('foo(?=bar|qu)')).toEqual({ min: 3, max: 3, after: 3, before: 0 });
  });

  it('gives up on what a stream cannot decide early', () => {
    for (const source of ['a+', 'a*b', 'x{2,}', '^abc', 'abc$', '(?<=a)b', '(a)\\1', '\\k<n>', 'a?', '(?=a)']) {
      expect(regexMatchBounds(source), source).toBeUndefined();
    }
  });
});
