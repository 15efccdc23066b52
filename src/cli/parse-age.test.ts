import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseAge } from './parse-age.js';

describe('parseAge', () => {
  it('reads days and hours', () => {
    expect(parseAge('30d')).toBe(30 * 86_400_000);
    expect(parseAge('12h')).toBe(12 * 3_600_000);
    expect(parseAge('0d')).toBe(0);
  });

  it('refuses anything else', () => {
    for (const value of ['30', 'd', '1.5d', '-1d', '30m', '1w', '30 days', '']) expect(() => parseAge(value)).toThrow(InvalidArgumentError);
  });
});
