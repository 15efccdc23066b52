/** `JSON.stringify` for any value: the values it gives nothing for (undefined, functions, symbols) become 'undefined'. */
export function jsonText(value: unknown, indent?: number): string {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return 'undefined';
  return JSON.stringify(value, null, indent);
}
