import type { ReplacementRule } from './replacement-rule.js';

/** The result of running rules over a whole text. */
export interface Replaced {
  readonly text: string;
  readonly count: number;
}

/** Applies `rules` in order (each to the previous one's output) to a whole text. */
export function replaceInText(text: string, rules: readonly ReplacementRule[]): Replaced {
  let current = text;
  let count = 0;
  for (const rule of rules) {
    const result = replaceFrom(current, 0, rule);
    current = result.text;
    count += result.count;
  }
  return { text: current, count };
}

/**
 * One text block's replacements as it streams: `push` takes each delta and returns what can be sent
 * now, `end` returns the rest once the block is complete. The concatenated output always equals
 * `replaceInText` of the concatenated input, however the text was split.
 *
 * Only a tail that could still become part of a match is held back: for a literal, the longest ending
 * that is the start of `from`; for a bounded regex, the last `max + after` characters. Rules that
 * cannot be bounded are not streamable (the policy buffers the block instead).
 */
export class StreamingReplacer {
  private readonly stages: RuleStream[];

  constructor(rules: readonly ReplacementRule[]) {
    this.stages = rules.map((rule) => new RuleStream(rule));
  }

  get count(): number {
    return this.stages.reduce((sum, stage) => sum + stage.count, 0);
  }

  push(text: string): string {
    let current = text;
    for (const stage of this.stages) current = stage.push(current);
    return current;
  }

  end(): string {
    let current = '';
    for (const stage of this.stages) current = stage.end(current);
    return current;
  }
}

/** One rule over one stream of text: the unsent input, and the input just before it for `\b`. */
class RuleStream {
  count = 0;
  private pending = '';
  private context = '';

  constructor(private readonly rule: ReplacementRule) {}

  push(text: string): string {
    if (text === '') return '';
    const full = this.context + this.pending + text;
    const start = this.context.length;
    const { text: out, count, next } = this.scan(full, start);
    this.count += count;
    this.pending = full.slice(next);
    this.context = full.slice(Math.max(0, next - (this.rule.bounds?.before ?? 0)), next);
    return out;
  }

  end(text: string): string {
    const full = this.context + this.pending + text;
    const result = replaceFrom(full, this.context.length, this.rule);
    this.pending = '';
    this.context = '';
    this.count += result.count;
    return result.text;
  }

  /** Replaces the settled matches of `full` from `start`; `next` is where the held-back tail begins. */
  private scan(full: string, start: number): { text: string; count: number; next: number } {
    const { pattern, partial, bounds } = this.rule;
    // A regex match is settled when the whole window it may read is here; a literal one always is.
    const window = partial !== undefined ? 0 : bounds === undefined ? Infinity : bounds.max + bounds.after;
    const limit = full.length - window + 1;
    let out = '';
    let count = 0;
    let position = start;
    pattern.lastIndex = start;
    for (let match = pattern.exec(full); match !== null; match = pattern.exec(full)) {
      if (match.index >= limit) break;
      out += full.slice(position, match.index) + this.rule.replacement(match);
      count++;
      position = match.index + match[0].length;
      pattern.lastIndex = position;
    }
    let next = Math.max(position, limit);
    if (partial !== undefined) {
      // The partial pattern is shorter than `from`, so only the last `from.length` characters matter.
      const tail = partial.exec(full.slice(Math.max(position, full.length - (bounds?.max ?? full.length))));
      next = tail === null ? full.length : Math.max(position, full.length - tail[0].length);
    }
    // Never split a surrogate pair between what is sent and what is held.
    if (next > position && next < full.length && isHighSurrogate(full.charCodeAt(next - 1))) next--;
    return { text: out + full.slice(position, next), count, next };
  }
}

/**
 * Replaces every match of `rule` in `text` from `start` on (the part before `start` is context only and
 * is not returned), like String.replace with a global pattern, empty matches included.
 */
function replaceFrom(text: string, start: number, rule: ReplacementRule): Replaced {
  const { pattern } = rule;
  let out = '';
  let count = 0;
  let position = start;
  pattern.lastIndex = start;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    out += text.slice(position, match.index) + rule.replacement(match);
    count++;
    position = match.index + match[0].length;
    // An empty match must not match again at the same place (String.replace advances one code point).
    pattern.lastIndex = match[0] === '' ? position + (isHighSurrogate(text.charCodeAt(position)) ? 2 : 1) : position;
  }
  return { text: out + text.slice(position), count };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
