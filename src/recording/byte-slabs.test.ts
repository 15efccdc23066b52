import { describe, expect, it } from 'vitest';
import { lentSegments } from './__test-support__/lent-segments.js';
import { ByteSlabs, type LentBytes } from './byte-slabs.js';

const text = (bytes: Uint8Array | undefined): string | undefined => (bytes === undefined ? undefined : Buffer.from(bytes).toString('utf8'));

describe('ByteSlabs', () => {
  it('copies a record’s JSON as UTF-8 and its bytes, end to end, and lends where each lies', () => {
    const slabs = new ByteSlabs(1024);
    const request = Buffer.from('{"messages":[]}');
    const response = Buffer.from('{"content":"ok"}');
    const lent = slabs.lend('{"text":"café → ✓ 😀"}', request, response);
    expect(lentSegments(lent).json).toBe('{"text":"café → ✓ 😀"}');
    expect(text(lentSegments(lent).request)).toBe('{"messages":[]}');
    expect(text(lentSegments(lent).response)).toBe('{"content":"ok"}');
    expect([lent.start, lent.end - lent.start]).toEqual([0, Buffer.byteLength('{"text":"café → ✓ 😀"}{"messages":[]}{"content":"ok"}')]);
    // Copies: the caller's buffers can be reused or collected at once.
    request.fill(0);
    expect(text(lentSegments(lent).request)).toBe('{"messages":[]}');
    const bare = slabs.lend('{}', undefined, undefined);
    expect([lentSegments(bare).request, lentSegments(bare).response]).toEqual([undefined, undefined]);
    expect(bare.slab).toBe(lent.slab);
    expect(bare.start).toBe(lent.end);
  });

  it('never reuses bytes still lent: a record given back early leaves the others intact', () => {
    const slabs = new ByteSlabs(120);
    const first = slabs.lend('"aaaa"', undefined, undefined);
    const second = slabs.lend('"bbbb"', undefined, undefined);
    slabs.giveBack(first);
    const third = slabs.lend('"cccc"', undefined, undefined);
    expect([lentSegments(second).json, lentSegments(third).json]).toEqual(['"bbbb"', '"cccc"']);
    expect(third.slab).toBe(second.slab);
  });

  it('moves to another slab when one is full, and reuses a slab once all it lent is given back', () => {
    // Each of these takes 9 bytes, and is let in while the three a character UTF-8 may need (27) still
    // fit: eleven to a 120-byte slab.
    const slabs = new ByteSlabs(120, 4);
    const lend = (): LentBytes => slabs.lend('"0123456"', undefined, undefined);
    const first = Array.from({ length: 11 }, lend);
    const second = Array.from({ length: 11 }, lend);
    expect(new Set(first.map((record) => record.slab)).size).toBe(1);
    expect(new Set(second.map((record) => record.slab)).size).toBe(1);
    expect(second[0]?.slab).not.toBe(first[0]?.slab);
    for (const record of first) slabs.giveBack(record);
    // The next slab needed is the first one again, emptied; the second's records are untouched.
    const third = Array.from({ length: 11 }, lend);
    expect(new Set(third.map((record) => record.slab))).toEqual(new Set([first[0]?.slab]));
    expect([...second, ...third].map((record) => lentSegments(record).json)).toEqual(Array.from({ length: 22 }, () => '"0123456"'));
    expect(slabs.retained).toBe(1);
  });

  it('gives a record larger than a quarter of a slab a buffer of its own, never reused', () => {
    const slabs = new ByteSlabs(64);
    const small = slabs.lend('"x"', undefined, undefined);
    const large = slabs.lend('"large"', Buffer.alloc(40, 1), undefined);
    expect(large.slab).not.toBe(small.slab);
    expect(lentSegments(large).request?.equals(Buffer.alloc(40, 1))).toBe(true);
    slabs.giveBack(large);
    expect(slabs.lend('"x"', undefined, undefined).slab).toBe(small.slab);
    expect(slabs.retained).toBe(1);
  });

  it('keeps at most keepFree unlent slabs for reuse', () => {
    const slabs = new ByteSlabs(120, 1);
    const lent: LentBytes[] = [];
    for (let index = 0; index < 44; index += 1) lent.push(slabs.lend('"0123456"', undefined, undefined));
    expect(new Set(lent.map((record) => record.slab)).size).toBe(4);
    expect(slabs.lent).toBe(44);
    for (const record of lent) slabs.giveBack(record);
    expect(slabs.lent).toBe(0);
    // The one being filled, and one free.
    expect(slabs.retained).toBe(2);
  });
});
