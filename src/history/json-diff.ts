import { isDeepStrictEqual } from 'node:util';
import { clipChange, clipValue } from './clip-value.js';
import { alignSequences } from './align-sequences.js';
import { jsonText } from './json-text.js';

/**
 * One difference between two JSON values. `path` is JSONPath-like (`$.messages[3].content[0].text`);
 * in arrays, a removal names the index in the old value, an addition or change the index in the new.
 * Values are clipped (see clip-value.ts).
 */
export type JsonChange =
  | { readonly op: 'add'; readonly path: string; readonly after: unknown }
  | { readonly op: 'remove'; readonly path: string; readonly before: unknown }
  | { readonly op: 'change'; readonly path: string; readonly before: unknown; readonly after: unknown };

export interface JsonDiff {
  readonly changes: readonly JsonChange[];
  /** Changes left out past the limit. */
  readonly omitted: number;
}

/** Differences from `before` to `after`, at most `limit` of them. Array items are matched, so an inserted message is one addition, not a shift. */
export function diffJson(before: unknown, after: unknown, limit = 200): JsonDiff {
  const changes: JsonChange[] = [];
  let omitted = 0;
  const emit = (change: JsonChange): void => {
    if (changes.length < limit) changes.push(change);
    else omitted++;
  };
  walk(before, after, '$', emit);
  return { changes, omitted };
}

function walk(before: unknown, after: unknown, path: string, emit: (change: JsonChange) => void): void {
  if (isDeepStrictEqual(before, after)) return;
  if (Array.isArray(before) && Array.isArray(after)) return walkArrays(before, after, path, emit);
  if (isPlainObject(before) && isPlainObject(after)) {
    for (const [key, value] of Object.entries(before)) {
      const at = childPath(path, key);
      if (Object.hasOwn(after, key)) walk(value, after[key], at, emit);
      else emit({ op: 'remove', path: at, before: clipValue(value) });
    }
    for (const [key, value] of Object.entries(after)) if (!Object.hasOwn(before, key)) emit({ op: 'add', path: childPath(path, key), after: clipValue(value) });
    return;
  }
  if (typeof before === 'string' && typeof after === 'string') return emit({ op: 'change', path, ...clipChange(before, after) });
  emit({ op: 'change', path, before: clipValue(before), after: clipValue(after) });
}

/** Unchanged items are matched; between matches, items in the same position are changed, the rest added or removed. */
function walkArrays(before: readonly unknown[], after: readonly unknown[], path: string, emit: (change: JsonChange) => void): void {
  for (const step of alignSequences(before, after, (item) => jsonText(item))) {
    if (step.op === 'same') continue;
    if (step.op === 'pair') walk(before[step.before], after[step.after], `${path}[${step.after}]`, emit);
    else if (step.op === 'remove') emit({ op: 'remove', path: `${path}[${step.before}]`, before: clipValue(before[step.before]) });
    else emit({ op: 'add', path: `${path}[${step.after}]`, after: clipValue(after[step.after]) });
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function childPath(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}
