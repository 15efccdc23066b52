import { describe, expect, it } from 'vitest';
import { KnownRequestParts } from './known-request-parts.js';

describe('KnownRequestParts', () => {
  it('counts a part as stored once its transaction commits, per session', () => {
    const known = new KnownRequestParts();
    known.begin(0);
    known.add('session-a', 'h1');
    expect(known.has('session-a', 'h1')).toBe(true);
    expect(known.has('session-b', 'h1')).toBe(false);
    known.commit();
    known.begin(0);
    expect(known.has('session-a', 'h1')).toBe(true);
    expect(known.size).toBe(1);
  });

  it('forgets what a rolled-back transaction added', () => {
    const known = new KnownRequestParts();
    known.begin(0);
    known.add('session-a', 'h1');
    known.rollback();
    known.begin(0);
    expect(known.has('session-a', 'h1')).toBe(false);
  });

  it('forgets everything once deletions moved the epoch on', () => {
    const known = new KnownRequestParts();
    known.begin(3);
    known.add('session-a', 'h1');
    known.commit();
    known.begin(4);
    expect(known.has('session-a', 'h1')).toBe(false);
    expect(known.size).toBe(0);
  });

  it('keeps sessions whose ids extend one another apart', () => {
    const known = new KnownRequestParts();
    const digest = 'AAAAAAAAAAAAAAAAAAAAAA';
    known.begin(0);
    known.add('session-1', digest);
    expect(known.has('session-10', digest)).toBe(false);
    expect(known.has('session-', digest)).toBe(false);
  });
});
