import type { JsonObject } from '../../core/json.js';

/**
 * `value` with `changes` written over it, or `value` itself when every change is already its value.
 * Returning the same object is what lets callers see, by identity, that nothing changed, and so keep
 * the upstream's exact bytes.
 */
export function withChanges(value: JsonObject, changes: Readonly<Record<string, unknown>>): JsonObject {
  for (const key of Object.keys(changes)) {
    if (value[key] !== changes[key]) return { ...value, ...changes };
  }
  return value;
}
