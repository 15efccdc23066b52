import { isJsonObject, type JsonObject } from '../core/json.js';

/** Who a request says it comes from, read from its body in the format's own fields. */
export interface RequestIdentity {
  readonly sessionId?: string;
  readonly userId?: string;
}

/** The first non-empty string among `values` (fields clients fill with '' when unset are skipped). */
export function firstText(...values: readonly unknown[]): string | undefined {
  for (const value of values) if (typeof value === 'string' && value.trim() !== '') return value.trim();
  return undefined;
}

export function objectField(body: JsonObject, name: string): JsonObject {
  const value = body[name];
  return isJsonObject(value) ? value : {};
}

/**
 * Drops undefined members, for exactOptionalPropertyTypes. One literal per case: conditional spreads
 * build an object through V8's slow paths, some microseconds per request.
 */
export function identity(sessionId: string | undefined, userId: string | undefined): RequestIdentity {
  if (sessionId === undefined) return userId === undefined ? {} : { userId };
  return userId === undefined ? { sessionId } : { sessionId, userId };
}
