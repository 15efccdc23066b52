import { describe, expect, it } from 'vitest';
import { timeOrderedUuid } from './time-ordered-uuid.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('timeOrderedUuid', () => {
  it('is a UUID version 7 whose first 48 bits are the time in milliseconds', () => {
    const id = timeOrderedUuid(0x0193_a4b2_7c1d);
    expect(id).toMatch(UUID_V7);
    expect(id.startsWith('0193a4b2-7c1d-7')).toBe(true);
  });

  it('sorts in the order issued, within a millisecond, across milliseconds, and when the clock steps back', () => {
    const base = Date.now() + 60_000;
    const times = [base, base, base, base + 1, base + 1, base - 5, base + 2];
    const ids = times.map((time) => timeOrderedUuid(time));
    for (const id of ids) expect(id).toMatch(UUID_V7);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('stays in order past 4 096 ids in one millisecond', () => {
    const base = Date.now() + 120_000;
    const ids = Array.from({ length: 5000 }, () => timeOrderedUuid(base));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
