import { describe, expect, it } from 'vitest';
import { requestPartRefs, requestPartRefsJson, type RequestInParts, type RequestPart } from './request-in-parts.js';

const part = (key: string, index: number | null, hash: string): RequestPart => ({ key, index, hash, body: () => 'null' });

describe('requestPartRefsJson', () => {
  it.each<[string, readonly RequestPart[]]>([
    ['values and arrays', [part('system', 1, 'h1'), part('system', 2, 'h2'), part('messages', 0, 'h3'), part('metadata', null, 'h4'), part('tools', 3, 'h5')]],
    ['an array whose parts leave gaps', [part('messages', 2, 'a'), part('messages', 5, 'b')]],
    ['one value', [part('prompt', null, 'p')]],
    ['keys JSON.stringify would reorder, and odd characters', [part('b', null, 'x'), part('1', 0, 'y'), part('é – 日本 🙂', null, 'z'), part('a b', 1, 'w')]],
  ])('is the JSON of requestPartRefs: %s', (_name, parts) => {
    const request: RequestInParts = { skeleton: '{}', parts };
    expect(JSON.parse(requestPartRefsJson(request))).toEqual(requestPartRefs(request));
  });
});
