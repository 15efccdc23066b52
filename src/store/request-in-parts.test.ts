import { describe, expect, it } from 'vitest';
import { partRefElements } from './part-ref-elements.js';
import { requestPartRefs, requestPartRefsJson, type RequestInParts, type RequestPart, type RequestPartRefs } from './request-in-parts.js';

const part = (key: string, index: number | null, hash: string): RequestPart => ({ key, index, hash, body: () => 'null' });

/** The stored references with every run spelled out, as a reader sees them. */
function spelledOut(json: string): RequestPartRefs {
  const stored = JSON.parse(json) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(stored).map(([key, ref]) => [key, Array.isArray(ref) ? partRefElements(ref) : (ref as number)]));
}

describe('requestPartRefsJson', () => {
  it.each<[string, readonly RequestPart[], readonly number[]]>([
    ['values and arrays', [part('system', 1, 'h1'), part('system', 2, 'h2'), part('messages', 0, 'h3'), part('metadata', null, 'h4'), part('tools', 3, 'h5')], [1, 2, 3, 4, 5]],
    ['an array whose parts leave gaps', [part('messages', 2, 'a'), part('messages', 5, 'b')], [8, 9]],
    ['one value', [part('prompt', null, 'p')], [12]],
    ['keys JSON.stringify would reorder, and odd characters', [part('b', null, 'x'), part('1', 0, 'y'), part('é – 日本 🙂', null, 'z'), part('a b', 1, 'w')], [4, 3, 2, 1]],
    [
      'runs broken by a gap, by a number out of order, and by the next key',
      [part('messages', 0, 'a'), part('messages', 1, 'b'), part('messages', 2, 'c'), part('messages', 4, 'd'), part('messages', 5, 'e'), part('messages', 6, 'f'), part('messages', 7, 'g'), part('tools', 0, 'h'), part('tools', 1, 'i')],
      [1, 2, 3, 4, 5, 9, 10, 11, 12],
    ],
  ])('is requestPartRefs by number once its runs are spelled out: %s', (_name, parts, numbers) => {
    const request: RequestInParts = { skeleton: '{}', parts };
    expect(spelledOut(requestPartRefsJson(request, numbers))).toEqual(requestPartRefs(request, numbers));
  });

  it('writes three or more numbers in a row as a run, fewer one by one', () => {
    const parts = [0, 1, 2, 3, 4, 5, 6].map((index) => part('messages', index, `h${index}`));
    expect(requestPartRefsJson({ skeleton: '{}', parts }, [1, 2, 3, 4, 9, 10, 15])).toBe('{"messages":[[1,4],9,10,15]}');
    expect(requestPartRefsJson({ skeleton: '{}', parts: parts.slice(0, 2) }, [5, 6])).toBe('{"messages":[5,6]}');
  });

  it('refuses a part without a number', () => {
    expect(() => requestPartRefsJson({ skeleton: '{}', parts: [part('prompt', null, 'p')] }, [])).toThrow(/no number/);
  });
});

describe('partRefElements', () => {
  it('spells out runs, keeps digests and gaps, and reads anything else as a place with no part', () => {
    expect(partRefElements([[3, 5], null, 'digest', 9, [7, 7], [5, 2], -1, 1.5, 'x', { a: 1 }, [1, 2, 3]])).toEqual([3, 4, 5, null, 'digest', 9, 7, null, null, null, 'x', null, null]);
  });
});
