import { describe, expect, it } from 'vitest';
import { SessionPartTexts } from './session-part-texts.js';

describe('SessionPartTexts', () => {
  it("gives a place's digest back only for the very text the session last sent there", () => {
    const texts = new SessionPartTexts(1000, 10);
    const places = texts.of('s1');
    places.remember('messages\u00000', '{"role":"user","content":"hello"}', 'digest-1');
    expect(texts.of('s1').digestOf('messages\u00000', '{"role":"user","content":"hello"}')).toBe('digest-1');
    expect(texts.of('s1').digestOf('messages\u00000', '{"role":"user","content":"hellO"}')).toBeUndefined();
    expect(texts.of('s1').digestOf('messages\u00001', '{"role":"user","content":"hello"}')).toBeUndefined();
    expect(texts.of('s2').digestOf('messages\u00000', '{"role":"user","content":"hello"}')).toBeUndefined();
    // A new text in the same place replaces the old one.
    texts.of('s1').remember('messages\u00000', 'x'.repeat(10), 'digest-2');
    expect(texts.chars).toBe(10);
  });

  it('drops the least recently used sessions to stay within its characters and sessions', () => {
    const texts = new SessionPartTexts(30, 3);
    texts.of('a').remember('p', 'a'.repeat(10), 'da');
    texts.of('b').remember('p', 'b'.repeat(10), 'db');
    texts.of('c').remember('p', 'c'.repeat(10), 'dc');
    // 'a' used again: 'b' is now the least recently used, and goes when 'd' brings 40 characters.
    expect(texts.of('a').digestOf('p', 'a'.repeat(10))).toBe('da');
    texts.of('d').remember('p', 'd'.repeat(10), 'dd');
    expect(texts.chars).toBe(30);
    expect(texts.of('b').digestOf('p', 'b'.repeat(10))).toBeUndefined();
    // Looking 'b' up made it a (fourth, empty) session: the oldest, 'c', went for it.
    expect(texts.sessions).toBe(3);
    expect(texts.of('c').digestOf('p', 'c'.repeat(10))).toBeUndefined();
    expect(texts.of('d').digestOf('p', 'd'.repeat(10))).toBe('dd');
    // A session over the bound on its own keeps nothing, and leaves the others be.
    texts.of('e').remember('p', 'e'.repeat(31), 'de');
    expect(texts.of('e').digestOf('p', 'e'.repeat(31))).toBeUndefined();
    expect(texts.chars).toBeLessThanOrEqual(30);
  });
});
