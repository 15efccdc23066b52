import { describe, expect, it } from 'vitest';
import { parseVerdictDirective } from './parse-verdict-directive.js';
import { verdictDirective } from './verdict-directive.js';

describe('parseVerdictDirective', () => {
  it.each([
    ['bare', 'mock:verdict:0.9', { probability: 0.9, explanation: 'Scripted verdict from the mock upstream.' }],
    ['with words', 'mock:verdict:0.9:deletes_the_home_dir', { probability: 0.9, explanation: 'deletes the home dir' }],
    ['ending a sentence', 'Verdict: mock:verdict:1:bad-idea.', { probability: 1, explanation: 'bad-idea' }],
    ['inside a JSON string', '{"command":"rm -rf ~ mock:verdict:0.25:x_y"}', { probability: 0.25, explanation: 'x y' }],
    ['inside escaped JSON', String.raw`{\"command\":\"mock:verdict:0:none\"}`, { probability: 0, explanation: 'none' }],
    ['in base64url', `mock:verdict:0.5:b64:${Buffer.from('a_b: ünï "q"').toString('base64url')}`, { probability: 0.5, explanation: 'a_b: ünï "q"' }],
  ])('reads a verdict %s', (_name, text, expected) => {
    const verdict = parseVerdictDirective(text);
    expect(verdict?.toolInput).toEqual(expected);
    expect(verdict?.text).toBe(JSON.stringify(expected));
  });

  it.each([
    ['no directive', 'rm -rf ~'],
    ['no probability', 'mock:verdict'],
    ['a word for a probability', 'mock:verdict:high'],
    ['a directive glued to a word', 'xmock:verdict:0.9'],
    ['an unknown variant', 'mock:verdict-maybe:0.9 mock:verdict-malformedness'],
  ])('finds nothing in %s', (_name, text) => {
    expect(parseVerdictDirective(text)).toBeUndefined();
  });

  it('takes the first verdict directive of any kind', () => {
    expect(parseVerdictDirective('mock:verdict-malformed then mock:verdict:0.9')?.toolInput).toBeUndefined();
    expect(parseVerdictDirective('mock:verdict-invalid then mock:verdict-malformed')?.toolInput).toMatchObject({ probability: 'high' });
  });

  it('writes fenced verdicts as Markdown-fenced JSON text, never as a tool input', () => {
    expect(parseVerdictDirective('mock:verdict-fenced:0.7:risky')).toEqual({
      toolInput: undefined,
      text: '```json\n{"probability":0.7,"explanation":"risky"}\n```',
    });
  });
});

describe('verdictDirective', () => {
  it.each([
    [0.92, 'deletes the home directory', 'mock:verdict:0.92:deletes_the_home_directory'],
    [1, undefined, 'mock:verdict:1'],
    [0, 'snake_case name', `mock:verdict:0:b64:${Buffer.from('snake_case name').toString('base64url')}`],
  ])('writes %s / %s as %s, which reads back', (probability, explanation, expected) => {
    const directive = verdictDirective(probability, explanation);
    expect(directive).toBe(expected);
    expect(parseVerdictDirective(`x ${directive} y`)?.toolInput).toMatchObject({ probability, ...(explanation === undefined ? {} : { explanation }) });
  });

  it('writes the fenced variant', () => {
    expect(verdictDirective(0.3, 'ok', { fenced: true })).toBe('mock:verdict-fenced:0.3:ok');
  });

  it('refuses what the syntax cannot carry', () => {
    expect(() => verdictDirective(-0.1)).toThrow(/cannot be written/);
    expect(() => verdictDirective(1e-7)).toThrow(/cannot be written/);
    expect(() => verdictDirective(0.5, '')).toThrow(/empty/);
  });
});
