import { describe, expect, it } from 'vitest';
import { jsonMemberSpans, type JsonMemberSpan } from './json-member-spans.js';

/** The value each span stands for, read back through `JSON.parse` of its text alone. */
function spanValues(text: string, spans: readonly JsonMemberSpan[]): Record<string, unknown> {
  const rebuilt: Record<string, unknown> = {};
  for (const span of spans) {
    const value: unknown = JSON.parse(text.slice(span.start, span.end));
    if (span.index === null) rebuilt[span.key] = value;
    else ((rebuilt[span.key] ??= []) as unknown[])[span.index] = value;
  }
  return rebuilt;
}

/** A small deterministic generator, so a failure names the seed that found it. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const awkwardStrings = ['', '"', '\\', '\\"', 'a\\', 'ends with two backslashes \\\\', '{[', ']}', ',:', '\n\t\r', '\u0000\u001f', 'é – 日本 🙂', '\ud800', '"quoted" and \\"escaped\\"'];

function randomValue(next: () => number, depth: number): unknown {
  const pick = Math.floor(next() * (depth > 3 ? 5 : 7));
  switch (pick) {
    case 0:
      return `${awkwardStrings[Math.floor(next() * awkwardStrings.length)] ?? ''}${'x'.repeat(Math.floor(next() * 40))}`;
    case 1:
      return Math.floor(next() * 2000) - 1000 + (next() < 0.3 ? 0.25 : 0);
    case 2:
      return next() < 0.5;
    case 3:
      return null;
    case 4:
      return -1.5e-7;
    case 5:
      return Array.from({ length: Math.floor(next() * 5) }, () => randomValue(next, depth + 1));
    default:
      return Object.fromEntries(Array.from({ length: Math.floor(next() * 5) }, (_, i) => [`${awkwardStrings[i % awkwardStrings.length]}k${i}`, randomValue(next, depth + 1)]));
  }
}

describe('jsonMemberSpans', () => {
  it('gives one span per member, and one per element of an array member', () => {
    const text = '{"model":"m","messages":[{"role":"user","content":"hi"},"x",[1,2]],"max_tokens":10,"tools":[],"system":{"a":[1]}}';
    const spans = jsonMemberSpans(text);
    expect(spans?.map(({ key, index }) => [key, index])).toEqual([
      ['model', null],
      ['messages', 0],
      ['messages', 1],
      ['messages', 2],
      ['max_tokens', null],
      ['system', null],
    ]);
    expect(spans?.map((span) => text.slice(span.start, span.end))).toEqual(['"m"', '{"role":"user","content":"hi"}', '"x"', '[1,2]', '10', '{"a":[1]}']);
  });

  it('finds the same values as JSON.parse on generated JSON, compact and indented', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const next = random(seed);
      const object = Object.fromEntries(
        Array.from({ length: 1 + Math.floor(next() * 6) }, (_, i) => [`key${i}${(awkwardStrings[i % awkwardStrings.length] ?? '').replace(/[\\"]/g, '')}`, randomValue(next, 0)]),
      );
      for (const text of [JSON.stringify(object), JSON.stringify(object, null, seed % 2 === 0 ? 2 : '\t')]) {
        const spans = jsonMemberSpans(text);
        expect(spans, `seed ${seed}`).toBeDefined();
        const parsed = JSON.parse(text) as Record<string, unknown>;
        // Empty arrays have no span: what they hold is nothing.
        const expected = Object.fromEntries(Object.entries(parsed).filter(([, value]) => !(Array.isArray(value) && value.length === 0)));
        expect(spanValues(text, spans ?? []), `seed ${seed}`).toEqual(expected);
      }
    }
  });

  it('takes whitespace anywhere JSON allows it', () => {
    const text = ' \n{ "a" :\t[ 1 , { "b" : "}" } ] ,\r\n "c" : "d" } \n';
    expect(spanValues(text, jsonMemberSpans(text) ?? [])).toEqual({ a: [1, { b: '}' }], c: 'd' });
  });

  it.each([
    ['an array', '[1,2]'],
    ['a string', '"text"'],
    ['a key given twice (JSON.parse keeps the last)', '{"a":1,"a":2}'],
    ['a key written with an escape', '{"\\u0061":1}'],
    ['the key __proto__', '{"__proto__":{"x":1}}'],
    ['text after the object', '{"a":1} {"b":2}'],
    ['a truncated string', '{"a":"unterminated}'],
    ['a truncated array', '{"a":[1,2'],
    ['a missing colon', '{"a" 1}'],
  ])('gives undefined for %s', (_name, text) => {
    expect(jsonMemberSpans(text)).toBeUndefined();
  });

  it('skips a value that is the text expected at its place, and scans one that only looks like it', () => {
    const text = '{"n":123,"messages":[{"role":"user","content":"hi"},"same",{"x":"changed"}],"s":"tail"}';
    const expected = new Map<string, { readonly text: string }>([
      // A number that only starts the same is another number.
      ['n/null', { text: '12' }],
      ['messages/0', { text: '{"role":"user","content":"hi"}' }],
      ['messages/1', { text: '"same"' }],
      ['messages/2', { text: '{"x":"before"}' }],
      ['s/null', { text: '"tail"' }],
    ]);
    const spans = jsonMemberSpans(text, (key, index) => expected.get(`${key}/${index}`));
    expect(spans?.map((span) => [span.key, span.index, span.expected?.text])).toEqual([
      ['n', null, undefined],
      ['messages', 0, '{"role":"user","content":"hi"}'],
      ['messages', 1, '"same"'],
      ['messages', 2, undefined],
      ['s', null, '"tail"'],
    ]);
    // Skipped or scanned, the spans are where a scan puts them.
    expect(spans?.map(({ key, index, start, end }) => ({ key, index, start, end }))).toEqual(jsonMemberSpans(text)?.map(({ key, index, start, end }) => ({ key, index, start, end })));
  });

  it('finds the same spans with the values a previous text had at each place as with none', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const next = random(seed);
      const make = (): Record<string, unknown> =>
        Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`key${i}`, next() < 0.6 ? Array.from({ length: 1 + Math.floor(next() * 4) }, () => randomValue(next, 1)) : randomValue(next, 1)]));
      const before = make();
      // The next text keeps some values, changes others, and adds elements, as a growing conversation does.
      const grown = (value: unknown): unknown => (Array.isArray(value) ? [...(value as unknown[]), randomValue(next, 1)] : randomValue(next, 1));
      const after = Object.fromEntries(Object.entries(before).map(([key, value]) => [key, next() < 0.5 ? value : grown(value)]));
      const previous = JSON.stringify(before);
      const text = JSON.stringify(after);
      const places = new Map((jsonMemberSpans(previous) ?? []).map((span) => [`${span.key}/${span.index}`, { text: previous.slice(span.start, span.end) }]));
      const plain = jsonMemberSpans(text)?.map(({ key, index, start, end }) => ({ key, index, start, end }));
      const spans = jsonMemberSpans(text, (key, index) => places.get(`${key}/${index}`));
      expect(spans?.map(({ key, index, start, end }) => ({ key, index, start, end })), `seed ${seed}`).toEqual(plain);
      for (const span of spans ?? []) if (span.expected !== undefined) expect(text.slice(span.start, span.end)).toBe(span.expected.text);
    }
  });

  it('gives no spans for an empty object', () => {
    expect(jsonMemberSpans(' {} ')).toEqual([]);
  });
});
