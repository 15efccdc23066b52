/**
 * How much text a regular expression needs to see to decide a match, so that a streaming replacer can
 * emit everything before that window without waiting for the end of the block.
 *
 * Lengths are in UTF-16 code units (what string indices count). The analysis is conservative: when a
 * construct is not understood, or a match could be unbounded, or depends on text the stream cannot
 * show (`^`, `$`, lookbehind, back-references), the answer is `undefined` and the caller buffers the
 * whole block instead.
 */
export interface MatchBounds {
  /** Shortest match (never 0: patterns that can match empty text are not streamable). */
  readonly min: number;
  /** Longest match. */
  readonly max: number;
  /** Characters after a match's end the pattern may inspect (lookahead, `\b`). */
  readonly after: number;
  /** Characters before a match's start the pattern may inspect (`\b`). */
  readonly before: number;
}

interface Span {
  min: number;
  max: number;
}

class Unsupported extends Error {}

/** Bounds of `source` (a pattern valid with the `u` flag), or `undefined` when it cannot be streamed. */
export function regexMatchBounds(source: string): MatchBounds | undefined {
  const parser = new BoundsParser(source);
  try {
    const span = parser.parseAlternation();
    if (parser.position !== source.length) return undefined;
    if (span.min === 0 || !Number.isFinite(span.max)) return undefined;
    return { min: span.min, max: span.max, after: parser.after, before: parser.before };
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

/** A recursive-descent walk over the pattern's syntax, computing each part's length range. */
class BoundsParser {
  position = 0;
  after = 0;
  before = 0;

  constructor(private readonly source: string) {}

  parseAlternation(): Span {
    let span = this.parseSequence();
    while (this.peek() === '|') {
      this.position++;
      const next = this.parseSequence();
      span = { min: Math.min(span.min, next.min), max: Math.max(span.max, next.max) };
    }
    return span;
  }

  private parseSequence(): Span {
    const span: Span = { min: 0, max: 0 };
    while (this.position < this.source.length && this.peek() !== '|' && this.peek() !== ')') {
      const atom = this.quantified(this.parseAtom());
      span.min += atom.min;
      span.max += atom.max;
    }
    return span;
  }

  private parseAtom(): Span {
    const char = this.next();
    switch (char) {
      case '^':
      case '$':
        // Anchors depend on where the block starts and ends, which a stream does not know in advance.
        throw new Unsupported();
      case '.':
        return { min: 1, max: 2 };
      case '[':
        this.skipClass();
        return { min: 1, max: 2 };
      case '(':
        return this.parseGroup();
      case '\\':
        return this.parseEscape();
      default: {
        // A literal character: one code point, which may be two code units.
        const astral = (this.source.codePointAt(this.position - 1) ?? 0) > 0xffff;
        if (astral) this.position++;
        return astral ? { min: 2, max: 2 } : { min: 1, max: 1 };
      }
    }
  }

  private parseGroup(): Span {
    if (this.source.startsWith('?=', this.position) || this.source.startsWith('?!', this.position)) {
      this.position += 2;
      const inner = this.parseAlternation();
      this.expect(')');
      if (!Number.isFinite(inner.max)) throw new Unsupported();
      // A lookahead inside a match reads at most its own length past the match's end.
      this.after = Math.max(this.after, inner.max);
      return { min: 0, max: 0 };
    }
    if (this.source.startsWith('?<=', this.position) || this.source.startsWith('?<!', this.position)) throw new Unsupported();
    if (this.source.startsWith('?:', this.position)) this.position += 2;
    else if (this.source.startsWith('?<', this.position)) {
      const end = this.source.indexOf('>', this.position);
      if (end === -1) throw new Unsupported();
      this.position = end + 1;
    } else if (this.peek() === '?') throw new Unsupported(); // modifiers such as `(?i:…)`
    const inner = this.parseAlternation();
    this.expect(')');
    return inner;
  }

  private parseEscape(): Span {
    const char = this.next();
    if (char === 'b' || char === 'B') {
      this.after = Math.max(this.after, 1);
      this.before = Math.max(this.before, 1);
      return { min: 0, max: 0 };
    }
    if (/[1-9]/.test(char) || char === 'k') throw new Unsupported(); // back-references
    if (char === 'p' || char === 'P') {
      this.skipBraces();
      return { min: 1, max: 2 };
    }
    if (char === 'u' && this.peek() === '{') {
      this.skipBraces();
      return { min: 1, max: 2 };
    }
    if (char === 'u') this.position += 4;
    else if (char === 'x') this.position += 2;
    else if (char === 'c') this.position += 1;
    // Classes (`\d`, `\S`, …) and escaped characters are one code point; `\S` and `\W` may be astral.
    return /[DSW]/.test(char) ? { min: 1, max: 2 } : { min: 1, max: 1 };
  }

  private quantified(atom: Span): Span {
    const char = this.peek();
    let span: Span;
    if (char === '*') span = { min: 0, max: atom.max === 0 ? 0 : Infinity };
    else if (char === '+') span = { min: atom.min, max: atom.max === 0 ? 0 : Infinity };
    else if (char === '?') span = { min: 0, max: atom.max };
    else if (char === '{') {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.position));
      if (match === null) throw new Unsupported();
      const low = Number(match[1]);
      const high = match[2] === undefined ? low : match[3] === '' || match[3] === undefined ? Infinity : Number(match[3]);
      this.position += match[0].length - 1;
      span = { min: atom.min * low, max: atom.max === 0 ? 0 : atom.max * high };
    } else return atom;
    this.position++;
    if (this.peek() === '?') this.position++; // lazy: same bounds
    return span;
  }

  private skipClass(): void {
    while (this.position < this.source.length) {
      const char = this.next();
      if (char === '\\') this.position++;
      else if (char === ']') return;
    }
    throw new Unsupported();
  }

  private skipBraces(): void {
    const end = this.source.indexOf('}', this.position);
    if (end === -1) throw new Unsupported();
    this.position = end + 1;
  }

  private expect(char: string): void {
    if (this.next() !== char) throw new Unsupported();
  }

  private peek(): string {
    return this.source[this.position] ?? '';
  }

  private next(): string {
    const char = this.source[this.position] ?? '';
    if (char === '') throw new Unsupported();
    this.position++;
    return char;
  }
}
