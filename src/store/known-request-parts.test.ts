import { describe, expect, it } from 'vitest';
import { KnownRequestParts } from './known-request-parts.js';

describe('KnownRequestParts', () => {
  it('counts a part as stored, with its number, once its transaction commits, per session', () => {
    const known = new KnownRequestParts();
    known.begin(0);
    known.add('session-a', 'h1', 7);
    expect(known.numberOf('session-a', 'h1')).toBe(7);
    expect(known.numberOf('session-b', 'h1')).toBeUndefined();
    known.commit();
    known.begin(0);
    expect(known.numberOf('session-a', 'h1')).toBe(7);
    expect(known.size).toBe(1);
  });

  it('forgets what a rolled-back transaction added', () => {
    const known = new KnownRequestParts();
    known.begin(0);
    known.add('session-a', 'h1', 1);
    known.rollback();
    known.begin(0);
    expect(known.numberOf('session-a', 'h1')).toBeUndefined();
  });

  it('forgets everything once deletions moved the epoch on', () => {
    const known = new KnownRequestParts();
    known.begin(3);
    known.add('session-a', 'h1', 1);
    known.commit();
    known.begin(4);
    expect(known.numberOf('session-a', 'h1')).toBeUndefined();
    expect(known.size).toBe(0);
  });

  it('keeps sessions whose ids extend one another apart', () => {
    const known = new KnownRequestParts();
    const digest = 'AAAAAAAAAAAAAAAAAAAAAA';
    known.begin(0);
    known.add('session-1', digest, 1);
    expect(known.numberOf('session-10', digest)).toBeUndefined();
    expect(known.numberOf('session-', digest)).toBeUndefined();
  });
});
