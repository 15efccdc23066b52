/** `value` with every string longer than `max` characters cut to `max` and marked with how much was left out. */
export function truncateStrings(value: unknown, max: number): unknown {
  if (typeof value === 'string') return value.length <= max ? value : `${value.slice(0, max)}… [${value.length - max} more characters]`;
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item: unknown) => truncateStrings(item, max));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, truncateStrings(item, max)]));
}
