/** The entry for call `index` of a repeated directive: calls past the end of the list take its last entry. */
export function nthOrLast<T>(values: readonly T[], index: number): T | undefined {
  return values[Math.min(index, values.length - 1)];
}
