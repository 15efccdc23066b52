/** One step of an alignment of two sequences. Indices are into the old (`before`) and new (`after`) sequences. */
export type AlignStep =
  | { readonly op: 'same'; readonly before: number; readonly after: number }
  | { readonly op: 'pair'; readonly before: number; readonly after: number }
  | { readonly op: 'remove'; readonly before: number }
  | { readonly op: 'add'; readonly after: number };

/** Past this many cells, the middle is compared position by position instead of by longest common subsequence. */
const maxTableCells = 250_000;

/**
 * Aligns two sequences by identity (`keyOf`): the common start and end are trimmed, the middle is
 * matched by longest common subsequence (small middles only, to bound the cost), and between matches
 * the unmatched items are paired in order when `canPair` allows (then compared in depth by the
 * caller), the rest removed or added.
 */
export function alignSequences<T>(
  before: readonly T[],
  after: readonly T[],
  keyOf: (item: T) => string,
  canPair: (a: T, b: T) => boolean = () => true,
): AlignStep[] {
  const a = before.map(keyOf);
  const b = after.map(keyOf);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  const steps: AlignStep[] = [];
  for (let i = 0; i < start; i++) steps.push({ op: 'same', before: i, after: i });
  const matches = middleMatches(a.slice(start, a.length - end), b.slice(start, b.length - end));
  let i = start;
  let j = start;
  for (const [mi, mj] of [...matches.map(([x, y]) => [x + start, y + start] as const), [a.length - end, b.length - end] as const]) {
    unmatched(i, mi, j, mj, before, after, canPair, steps);
    if (mi < a.length - end) steps.push({ op: 'same', before: mi, after: mj });
    i = mi + 1;
    j = mj + 1;
  }
  for (let k = 0; k < end; k++) steps.push({ op: 'same', before: a.length - end + k, after: b.length - end + k });
  return steps;
}

/** Items between two matches: paired while they can be, in order; the rest removed or added. */
function unmatched<T>(i: number, iEnd: number, j: number, jEnd: number, before: readonly T[], after: readonly T[], canPair: (a: T, b: T) => boolean, steps: AlignStep[]): void {
  while (i < iEnd || j < jEnd) {
    const a = before[i];
    const b = after[j];
    if (i < iEnd && j < jEnd && canPair(a as T, b as T)) steps.push({ op: 'pair', before: i++, after: j++ });
    else if (i < iEnd && (j >= jEnd || !after.slice(j, jEnd).some((item) => canPair(a as T, item)))) steps.push({ op: 'remove', before: i++ });
    else steps.push({ op: 'add', after: j++ });
  }
}

/** Index pairs of a longest common subsequence of two key lists; none when the table would be too big. */
function middleMatches(a: readonly string[], b: readonly string[]): [number, number][] {
  if (a.length === 0 || b.length === 0 || a.length * b.length > maxTableCells) return [];
  const table: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let x = a.length - 1; x >= 0; x--) {
    for (let y = b.length - 1; y >= 0; y--) {
      const row = table[x] as number[];
      row[y] = a[x] === b[y] ? (table[x + 1]?.[y + 1] ?? 0) + 1 : Math.max(table[x + 1]?.[y] ?? 0, row[y + 1] ?? 0);
    }
  }
  const pairs: [number, number][] = [];
  let x = 0;
  let y = 0;
  while (x < a.length && y < b.length) {
    if (a[x] === b[y]) {
      pairs.push([x++, y++]);
    } else if ((table[x + 1]?.[y] ?? 0) >= (table[x]?.[y + 1] ?? 0)) {
      x++;
    } else {
      y++;
    }
  }
  return pairs;
}
