/**
 * A number a column can hold, or null. Timings are fractional milliseconds; usage counts come from
 * the upstream's JSON and may be anything, and a record must never be refused for its content.
 */
export function finiteNumber(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? value : null;
}

/** A token count as an integer column takes it (rounded, within the exact range of a double), or null. */
export function countOrNull(value: number | undefined): number | null {
  const finite = finiteNumber(value);
  return finite === null || Math.abs(finite) > Number.MAX_SAFE_INTEGER ? null : Math.round(finite);
}
