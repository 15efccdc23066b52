/** Longest string kept whole in a diff; longer ones are cut with a note of how much was left out. */
export const maxClipLength = 240;
/** Characters of unchanged text kept on each side of a change in a long string. */
const context = 40;
const maxItems = 20;
const maxDepth = 4;

/** A value small enough to show in a diff: long strings cut, long arrays and deep objects summarised. */
export function clipValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return clipString(value);
  if (Array.isArray(value)) {
    if (depth >= maxDepth) return `[array of ${value.length}]`;
    const items: unknown[] = value.slice(0, maxItems).map((item: unknown) => clipValue(item, depth + 1));
    if (value.length > maxItems) items.push(`… ${value.length - maxItems} more`);
    return items;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (depth >= maxDepth) return `{object with ${entries.length} keys}`;
    const kept = entries.slice(0, maxItems).map(([key, item]) => [key, clipValue(item, depth + 1)] as const);
    if (entries.length > maxItems) kept.push(['…', `${entries.length - maxItems} more keys`]);
    return Object.fromEntries(kept);
  }
  return value;
}

export function clipString(text: string, limit = maxClipLength): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}… [${text.length - limit} more chars]`;
}

/**
 * Two versions of a long string cut to the part that changed, with a little context around it, so a
 * one-word edit in a 50 kB prompt shows as that word.
 */
export function clipChange(before: string, after: string): { before: string; after: string } {
  if (before.length <= maxClipLength && after.length <= maxClipLength) return { before, after };
  let prefix = 0;
  const shorter = Math.min(before.length, after.length);
  while (prefix < shorter && before[prefix] === after[prefix]) prefix++;
  let suffix = 0;
  while (suffix < shorter - prefix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  const cut = (text: string): string => {
    const start = Math.max(0, prefix - context);
    const end = Math.min(text.length, text.length - suffix + context);
    const lead = start > 0 ? `[${start} chars]…` : '';
    const tail = end < text.length ? `…[${text.length - end} chars]` : '';
    return `${lead}${clipString(text.slice(start, end))}${tail}`;
  };
  return { before: cut(before), after: cut(after) };
}
