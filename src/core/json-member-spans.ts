/**
 * Where each value of a JSON object's top level sits in its text: one span per member, except that an
 * array's elements get one span each. Found without parsing: strings are skipped with `indexOf` to
 * their closing quote, so a request of tens of kilobytes, nearly all of it string content, is scanned
 * in a few microseconds and no object is built (`split-request.ts` stores large pieces by digest, and
 * only parses those it has not stored before).
 *
 * Meant for text that is valid JSON (a request the pipeline has parsed). Anything the spans could not
 * describe exactly gives undefined, and the caller parses the whole text instead: a top level that is
 * not an object, a key written with escapes, a key given twice (`JSON.parse` keeps the last), the key
 * `__proto__`, or text the scan does not understand.
 *
 * `expected` names, per place, a text the value there is likely to be (what a session sent there last
 * time): when the text at that place is that text again, a comparison of the two (a `memcmp`) stands
 * for scanning it, and the span carries what `expected` gave. An agent re-sends its whole history each
 * call, so most of a request is then compared rather than scanned.
 */

export interface JsonMemberSpan<Expected = never> {
  readonly key: string;
  /** The element's position when the member's value is an array, else null (the value as a whole). */
  readonly index: number | null;
  /** The value's text is `text.slice(start, end)`. */
  readonly start: number;
  readonly end: number;
  /** What `expected` gave for this place, when the value is its very text; else undefined. */
  readonly expected: Expected | undefined;
}

/** For each place (a top-level key, and an element's position or null), a text the value may be. */
export type ExpectedValues<Expected extends { readonly text: string }> = (key: string, index: number | null) => Expected | undefined;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

export function jsonMemberSpans<Expected extends { readonly text: string } = never>(
  text: string,
  expected?: ExpectedValues<Expected>,
): JsonMemberSpan<Expected>[] | undefined {
  const spans: JsonMemberSpan<Expected>[] = [];
  const keys = new Set<string>();
  let at = skipSpace(text, 0);
  if (text.charCodeAt(at) !== OPEN_BRACE) return undefined;
  at = skipSpace(text, at + 1);
  if (text.charCodeAt(at) === CLOSE_BRACE) return trailingSpaceOnly(text, at + 1) ? spans : undefined;
  for (;;) {
    if (text.charCodeAt(at) !== QUOTE) return undefined;
    const keyEnd = stringEnd(text, at);
    if (keyEnd < 0) return undefined;
    const key = text.slice(at + 1, keyEnd - 1);
    if (key.includes('\\') || key === '__proto__' || keys.has(key)) return undefined;
    keys.add(key);
    at = skipSpace(text, keyEnd);
    if (text.charCodeAt(at) !== COLON) return undefined;
    at = skipSpace(text, at + 1);
    if (text.charCodeAt(at) === OPEN_BRACKET) {
      at = skipSpace(text, at + 1);
      if (text.charCodeAt(at) !== CLOSE_BRACKET) {
        for (let index = 0; ; index++) {
          const known = sameText(text, at, expected?.(key, index));
          const end = known === undefined ? valueEnd(text, at) : at + known.text.length;
          if (end < 0) return undefined;
          spans.push({ key, index, start: at, end, expected: known });
          at = skipSpace(text, end);
          const next = text.charCodeAt(at);
          if (next === CLOSE_BRACKET) break;
          if (next !== COMMA) return undefined;
          at = skipSpace(text, at + 1);
        }
      }
      at = skipSpace(text, at + 1);
    } else {
      const known = sameText(text, at, expected?.(key, null));
      const end = known === undefined ? valueEnd(text, at) : at + known.text.length;
      if (end < 0) return undefined;
      spans.push({ key, index: null, start: at, end, expected: known });
      at = skipSpace(text, end);
    }
    const next = text.charCodeAt(at);
    if (next === CLOSE_BRACE) return trailingSpaceOnly(text, at + 1) ? spans : undefined;
    if (next !== COMMA) return undefined;
    at = skipSpace(text, at + 1);
  }
}

/**
 * `candidate` when the text at `at` is its text, as a whole value: followed by the end, a space or a
 * delimiter (a number that only starts the same is another number). A candidate is a value the scan
 * gave before, so it is whole JSON. A slice compared with `===` is a `memcmp`; `startsWith` would
 * compare character by character.
 */
function sameText<Expected extends { readonly text: string }>(text: string, at: number, candidate: Expected | undefined): Expected | undefined {
  if (candidate === undefined) return undefined;
  const end = at + candidate.text.length;
  if (end > text.length || text.slice(at, end) !== candidate.text) return undefined;
  const next = text.charCodeAt(end);
  return end === text.length || isSpace(next) || next === COMMA || next === CLOSE_BRACKET || next === CLOSE_BRACE ? candidate : undefined;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

function skipSpace(text: string, at: number): number {
  while (at < text.length && isSpace(text.charCodeAt(at))) at++;
  return at;
}

function trailingSpaceOnly(text: string, at: number): boolean {
  return skipSpace(text, at) === text.length;
}

/** Just past the closing quote of the string opening at `at`, or -1. */
function stringEnd(text: string, at: number): number {
  let from = at + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote < 0) return -1;
    // Escaped when an odd number of backslashes runs up to it.
    let backslash = quote - 1;
    while (text.charCodeAt(backslash) === BACKSLASH) backslash--;
    if ((quote - 1 - backslash) % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

/** Just past the value starting at `at` (a string, object, array, number or literal), or -1. */
function valueEnd(text: string, at: number): number {
  const first = text.charCodeAt(at);
  if (first === QUOTE) return stringEnd(text, at);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
    let end = at;
    for (; end < text.length; end++) {
      const code = text.charCodeAt(end);
      if (code === COMMA || code === CLOSE_BRACE || code === CLOSE_BRACKET || isSpace(code)) break;
    }
    return end > at ? end : -1;
  }
  let depth = 0;
  for (let index = at; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === QUOTE) {
      const end = stringEnd(text, index);
      if (end < 0) return -1;
      index = end - 1;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) depth++;
    else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return index + 1;
    }
  }
  return -1;
}
