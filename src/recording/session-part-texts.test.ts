import { describe, expect, it } from 'vitest';
import { SessionPartTexts } from './session-part-texts.js';

describe('SessionPartTexts', () => {
  it('gives back what a session last sent at each place, and only there', () => {
    const texts = new SessionPartTexts(1000, 10);
    texts.of('s1').remember('messages', 0, '{"role":"user","content":"hello"}', 'digest-1');
    texts.of('s1').remember('system', null, '"a system prompt"', 'digest-s');
    expect(texts.of('s1').at('messages', 0)).toEqual({ text: '{"role":"user","content":"hello"}', digest: 'digest-1' });
    expect(texts.of('s1').at('system', null)?.digest).toBe('digest-s');
    expect(texts.of('s1').at('messages', 1)).toBeUndefined();
    expect(texts.of('s1').at('messages', null)).toBeUndefined();
    expect(texts.of('s1').at('system', 0)).toBeUndefined();
    expect(texts.of('s2').at('messages', 0)).toBeUndefined();
    // A new text in the same place replaces the old one.
    texts.of('s1').remember('messages', 0, 'x'.repeat(10), 'digest-2');
    expect(texts.of('s1').at('messages', 0)?.digest).toBe('digest-2');
    expect(texts.chars).toBe(10 + '"a system prompt"'.length);
  });

  it('keeps its own copy of a text, never a slice of the request it came from', () => {
    const texts = new SessionPartTexts(1000, 10);
    const request = `{"messages":["${'y'.repeat(100)}"]}`;
    texts.of('s').remember('messages', 0, request.slice(13, 115), 'd');
    expect(texts.of('s').at('messages', 0)?.text).toBe(request.slice(13, 115));
  });

  it('drops the least recently used sessions to stay within its characters and sessions', () => {
    const texts = new SessionPartTexts(30, 3);
    texts.of('a').remember('p', null, 'a'.repeat(10), 'da');
    texts.of('b').remember('p', null, 'b'.repeat(10), 'db');
    texts.of('c').remember('p', 2, 'c'.repeat(10), 'dc');
    // 'a' used again: 'b' is now the least recently used, and goes when 'd' brings 40 characters.
    expect(texts.of('a').at('p', null)?.digest).toBe('da');
    texts.of('d').remember('p', null, 'd'.repeat(10), 'dd');
    expect(texts.chars).toBe(30);
    expect(texts.of('b').at('p', null)).toBeUndefined();
    // Looking 'b' up made it a (fourth, empty) session: the oldest, 'c', went for it.
    expect(texts.sessions).toBe(3);
    expect(texts.of('c').at('p', 2)).toBeUndefined();
    expect(texts.of('d').at('p', null)?.digest).toBe('dd');
    // A session over the bound on its own keeps nothing, and leaves the others be.
    texts.of('e').remember('p', 0, 'e'.repeat(31), 'de');
    expect(texts.of('e').at('p', 0)).toBeUndefined();
    expect(texts.chars).toBeLessThanOrEqual(30);
  });
});
