/**
 * JSON texts known for objects: an object parsed from a JSON text, frozen so it can never differ from
 * it, is written back as that text, a lookup instead of a serialisation. The recording worker stores
 * every call's request headers, mostly the very headers of the call before (scrubbed-headers.ts).
 * Held weakly: the text lives as long as its object.
 */
const texts = new WeakMap<object, string>();

/** `value` (frozen here) is written as `text`, which must be what `JSON.stringify(value)` gives. */
export function rememberJson<T extends object>(value: T, text: string): Readonly<T> {
  Object.freeze(value);
  texts.set(value, text);
  return value;
}

/** `JSON.stringify(value)`, from what is remembered when it can be. */
export function jsonText(value: unknown): string {
  return (typeof value === 'object' && value !== null ? texts.get(value) : undefined) ?? JSON.stringify(value);
}
