import { jsonText } from '../core/known-json.js';
import type { StoreDialect } from './store.js';

/** How values are written in each dialect (reading them back is `decode-column.ts`). */
export interface ColumnCodec {
  bool(value: boolean): number | boolean;
  /** JSON text, or null for undefined. */
  json(value: unknown): string | null;
  /**
   * JSON text as a client wrote it (a request body), stored as it is where the dialect allows: it
   * reads back as the same value, and saves serialising the parsed object again. Undefined where it
   * does not (Postgres: see below), and the parsed value goes through `json`.
   */
  readonly jsonText: ((text: string) => string) | undefined;
  text(value: string): string;
  optionalText(value: string | undefined | null): string | null;
  textList(values: readonly string[]): string | readonly string[];
}

// JSON.stringify writes NUL and lone surrogates as `\u0000` / `\udXXX` escapes, which jsonb rejects
// (and a lone surrogate is never a paired one: those are written as-is). Escaped backslashes are
// matched first so that `\\u0000` (a backslash, then the text "u0000") is left alone.
const jsonbRejects = /\\\\|\\u0000|\\ud[89a-f][0-9a-f]{2}/g;
const nul = /\0/g;
// A lone surrogate is not text: drivers encode it to UTF-8 in their own ways (SQLite's reads back as
// three U+FFFD), so both dialects write the one U+FFFD that Postgres' driver does.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const wellFormed = (value: string): string => value.replace(loneSurrogate, '\uFFFD');

/**
 * JSON keeps everything in SQLite (lone surrogates are escaped in JSON text). Postgres cannot store NUL
 * in text nor NUL or lone surrogates in jsonb, and a record must never be refused for its content:
 * those characters become U+FFFD there.
 */
export function columnCodec(dialect: StoreDialect): ColumnCodec {
  if (dialect === 'sqlite') {
    return {
      bool: (value) => (value ? 1 : 0),
      json: (value) => (value === undefined ? null : jsonText(value)),
      jsonText: (text) => text,
      text: wellFormed,
      optionalText: (value) => (value === undefined || value === null ? null : wellFormed(value)),
      textList: (values) => JSON.stringify(values),
    };
  }
  const text = (value: string): string => wellFormed(value).replace(nul, '\uFFFD');
  return {
    bool: (value) => value,
    json: (value) => (value === undefined ? null : jsonText(value).replace(jsonbRejects, (match) => (match === '\\\\' ? match : '\\ufffd'))),
    // A client's own JSON may escape anything, surrogate pairs included, in either case: only the
    // escapes JSON.stringify writes are known to be lone ones.
    jsonText: undefined,
    text,
    optionalText: (value) => (value === undefined || value === null ? null : text(value)),
    textList: (values) => values.map(text),
  };
}
