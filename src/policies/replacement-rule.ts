import { matchCase } from './match-case.js';
import { regexMatchBounds, type MatchBounds } from './regex-match-bounds.js';

export type CaseMode = 'sensitive' | 'insensitive' | 'match';

/** One replacement as configured. */
export interface ReplacementSpec {
  readonly from: string;
  readonly to: string;
  readonly regex: boolean;
  readonly case: CaseMode;
}

/** A replacement ready to run on whole texts and on streams. */
export interface ReplacementRule {
  /** Global and unicode-aware (and case-insensitive unless `case` is `sensitive`). */
  readonly pattern: RegExp;
  /**
   * For a literal `from`: matches the longest end of a text that is the start of `from`, i.e. what a
   * stream must hold back because the next delta may complete it.
   */
  readonly partial: RegExp | undefined;
  /** How much text a regex needs to decide a match; `undefined` when it cannot stream (see regexMatchBounds). */
  readonly bounds: MatchBounds | undefined;
  /** The text that replaces one match. */
  replacement(match: RegExpExecArray): string;
}

/** The problem with a spec's pattern or template, for the configuration error; `undefined` when it is fine. */
export function replacementProblem(spec: ReplacementSpec): string | undefined {
  if (!spec.regex) return undefined;
  try {
    new RegExp(spec.from, flagsFor(spec.case));
  } catch (error) {
    return `invalid regular expression: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (/\$[`']/.test(spec.to.replace(/\$\$/g, ''))) {
    return "$` and $' (the text around a match) are not supported in replacements: a stream does not have it";
  }
  return undefined;
}

export function compileReplacement(spec: ReplacementSpec): ReplacementRule {
  const flags = flagsFor(spec.case);
  if (!spec.regex) {
    const codePoints = Array.from(spec.from);
    const source = codePoints.map(escapeRegex).join('');
    return {
      pattern: new RegExp(source, flags),
      partial: codePoints.length > 1 ? partialPattern(codePoints.slice(0, -1), flags) : undefined,
      bounds: { min: spec.from.length, max: spec.from.length, after: 0, before: 0 },
      replacement: spec.case === 'match' ? (match) => matchCase(match[0], spec.to) : () => spec.to,
    };
  }
  const expand = (match: RegExpExecArray): string => expandTemplate(spec.to, match);
  return {
    pattern: new RegExp(spec.from, flags),
    partial: undefined,
    bounds: regexMatchBounds(spec.from),
    replacement: spec.case === 'match' ? (match) => matchCase(match[0], expand(match)) : expand,
  };
}

function flagsFor(mode: CaseMode): string {
  return mode === 'sensitive' ? 'gu' : 'giu';
}

/** Syntax characters only: the `u` flag rejects any other escaped character. */
export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/** `c1(?:c2(?:c3)?)?$` for the prefix c1c2c3: a non-global search finds the longest such ending first. */
function partialPattern(prefix: readonly string[], flags: string): RegExp {
  const source = prefix.reduceRight((inner, char) => `${escapeRegex(char)}${inner === '' ? '' : `(?:${inner})?`}`, '');
  return new RegExp(`${source}$`, flags.replace('g', ''));
}

/**
 * The replacement template with `$&`, `$1`…`$99`, `$<name>` and `$$` filled in, as String.replace does
 * (`$\`` and `$'` are rejected when the configuration is read).
 */
export function expandTemplate(template: string, match: RegExpExecArray): string {
  if (!template.includes('$')) return template;
  const groupCount = match.length - 1;
  return template.replace(/\$(\$|&|\d\d?|<([^>]*)>)/g, (token: string, what: string, name: string | undefined) => {
    if (what === '$') return '$';
    if (what === '&') return match[0];
    if (name !== undefined) return match.groups === undefined ? token : (match.groups[name] ?? '');
    const two = Number(what);
    if (what.length === 2 && two >= 1 && two <= groupCount) return match[two] ?? '';
    const one = Number(what[0]);
    if (one >= 1 && one <= groupCount) return (match[one] ?? '') + what.slice(1);
    return token;
  });
}
