import { describe, expect, it } from 'vitest';
import { allCapsPolicy } from './all-caps.js';

describe('all-caps', () => {
  it('upper-cases text deltas and has no other hook', () => {
    const policy = allCapsPolicy.create({});
    expect(policy.onTextDelta?.('héllo, wörld', undefined as never)).toBe('HÉLLO, WÖRLD');
    expect('onPart' in policy).toBe(false);
    expect('onRequest' in policy).toBe(false);
  });
});
