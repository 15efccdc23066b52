import type { PartRef } from './request-in-parts.js';

/**
 * An array member's references as stored (`RequestPartRefs`), one per place: each run `[first, last]`
 * spelled out as the numbers it stands for. Anything else (a hand-edited or damaged row) is a place
 * with no part, as is an implausible run, so a reader gets the rest of the request.
 */
export function partRefElements(stored: readonly unknown[]): (PartRef | null)[] {
  const places: (PartRef | null)[] = [];
  for (const entry of stored) {
    if (typeof entry === 'string' || isPartNumber(entry)) places.push(entry);
    else if (isRun(entry)) for (let number = entry[0]; number <= entry[1]; number++) places.push(number);
    else places.push(null);
  }
  return places;
}

/** The longest run believed: far more elements than any request holds, and a bound on a damaged row. */
const maxRunLength = 1_000_000;

function isPartNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

function isRun(value: unknown): value is readonly [number, number] {
  if (!Array.isArray(value) || value.length !== 2) return false;
  const [first, last] = value as unknown[];
  return isPartNumber(first) && isPartNumber(last) && last >= first && last - first < maxRunLength;
}
