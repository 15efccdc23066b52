import { describe, expect, it } from 'vitest';
import { compileReplacement, expandTemplate, type ReplacementSpec } from './replacement-rule.js';
import { replaceInText, StreamingReplacer } from './streaming-replacer.js';

const spec = (from: string, to: string, options: Partial<ReplacementSpec> = {}): ReplacementSpec => ({ from, to, regex: false, case: 'sensitive', ...options });

/** Streams `text` cut at `cuts` through a fresh replacer and returns what it emitted, delta by delta. */
function stream(specs: readonly ReplacementSpec[], pieces: readonly string[]): string[] {
  const replacer = new StreamingReplacer(specs.map(compileReplacement));
  return [...pieces.map((piece) => replacer.push(piece)), replacer.end()];
}

/** Every way of cutting `text` in two and in three pieces, plus one character at a time. */
function splits(text: string): string[][] {
  const out: string[][] = [Array.from(text)];
  for (let i = 0; i <= text.length; i++) {
    out.push([text.slice(0, i), text.slice(i)]);
    for (let j = i; j <= text.length; j++) out.push([text.slice(0, i), text.slice(i, j), text.slice(j)]);
  }
  return out;
}

function expectSameWhateverTheSplit(specs: readonly ReplacementSpec[], text: string, expected: string): void {
  const rules = specs.map(compileReplacement);
  expect(replaceInText(text, rules).text).toBe(expected);
  for (const pieces of splits(text)) expect(stream(specs, pieces).join(''), JSON.stringify(pieces)).toBe(expected);
}

describe('StreamingReplacer', () => {
  it('replaces a literal split across deltas, at every possible split', () => {
    expectSameWhateverTheSplit([spec('Anthropic', 'ACME')], 'I am Anthropic, from Anthropi', 'I am ACME, from Anthropi');
  });

  it('holds back only a tail that could still start a match', () => {
    const replacer = new StreamingReplacer([compileReplacement(spec('secret', 'xxx'))]);
    expect(replacer.push('a sec')).toBe('a ');
    expect(replacer.push('ond thing')).toBe('second thing');
    expect(replacer.push(' no match here')).toBe(' no match here');
    expect(replacer.push(' se')).toBe(' ');
    expect(replacer.push('cret!')).toBe('xxx!');
    expect(replacer.end()).toBe('');
    expect(replacer.count).toBe(1);
  });

  it('matches overlapping candidates the way String.replace does', () => {
    expectSameWhateverTheSplit([spec('aa', 'b')], 'aaaaa', 'bba');
    expectSameWhateverTheSplit([spec('abab', 'X')], 'abababab ababa', 'XX Xa');
  });

  it('applies replacements in order, each on the output of the previous one', () => {
    expectSameWhateverTheSplit([spec('cat', 'dog'), spec('dog', 'wolf')], 'cat and dog', 'wolf and wolf');
  });

  it('matches case-insensitively and keeps the case shape with `match`', () => {
    expectSameWhateverTheSplit([spec('hello', 'bye', { case: 'insensitive' })], 'Hello HELLO hello', 'bye bye bye');
    expectSameWhateverTheSplit([spec('hello', 'bye', { case: 'match' })], 'Hello, HELLO, hello, hElLo!', 'Bye, BYE, bye, bye!');
  });

  it('streams bounded regexes with a window, capture groups and word boundaries included', () => {
    expectSameWhateverTheSplit([spec('\\bACME-(\\d{2,4})\\b', 'ticket #$1', { regex: true })], 'see ACME-123, XACME-45 and ACME-12345.', 'see ticket #123, XACME-45 and ACME-12345.');
    expectSameWhateverTheSplit([spec('colou?r', 'hue', { regex: true, case: 'match' })], 'Colour COLOR color', 'Hue HUE hue');
    expectSameWhateverTheSplit([spec('foo(?=bar)', 'X', { regex: true })], 'foobar foobaz', 'Xbar foobaz');
  });

  it('handles unbounded regexes correctly too (they hold the block until its end)', () => {
    expectSameWhateverTheSplit([spec('<[^>]*>', '', { regex: true })], 'a <b>bold</b> c', 'a bold c');
    expectSameWhateverTheSplit([spec('^\\s+', '', { regex: true })], '  indented', 'indented');
  });

  it('never splits a surrogate pair between what is sent and what is held', () => {
    const replacer = new StreamingReplacer([compileReplacement(spec('x\u{1F600}y', 'z'))]);
    const first = replacer.push('a\u{1F600}x\u{1F600}');
    expect(first).toBe('a\u{1F600}');
    expect(first + replacer.push('q') + replacer.end()).toBe('a\u{1F600}x\u{1F600}q');
    expectSameWhateverTheSplit([spec('\u{1F600}.', '!', { regex: true })], 'a\u{1F600}\u{1F601}b\u{1F600}c', 'a!b!');
  });

  it('agrees with String.replace on empty-matching regexes over whole texts', () => {
    const rule = compileReplacement(spec('x*', '-', { regex: true }));
    expect(replaceInText('abxc', [rule]).text).toBe('abxc'.replace(/x*/gu, '-'));
  });
});

describe('expandTemplate', () => {
  const match = /(?<year>\d{4})-(\d\d)/u.exec('on 2026-11 ok') as RegExpExecArray;

  it('fills in $&, numbered and named groups, and $$, as String.replace would', () => {
    for (const template of ['[$&]', '$2/$1', '$<year>!', '$$1', '$3', '$10', '$<nope>', 'plain']) {
      expect(expandTemplate(template, match), template).toBe('2026-11'.replace(/(?<year>\d{4})-(\d\d)/u, template));
    }
  });
});
