import { isJsonObject } from '../core/json.js';

/**
 * The original request whole again, from the skeleton a call's row keeps and the session's parts
 * (`RequestPartRefs` in request-in-parts.ts): each digest puts its part back where the skeleton has
 * `null`. A part the store no longer holds stays `null`, so a reader still gets the rest.
 */
export function joinRequestParts(skeleton: unknown, refs: unknown, partOf: (hash: string) => unknown): unknown {
  if (!isJsonObject(skeleton) || !isJsonObject(refs)) return skeleton;
  const request = skeleton as Record<string, unknown>;
  for (const [key, ref] of Object.entries(refs)) {
    if (!Object.hasOwn(request, key)) continue;
    if (typeof ref === 'string') {
      const part = partOf(ref);
      // Defined, not assigned: whatever the key, it stays a plain field.
      if (part !== undefined) Object.defineProperty(request, key, { value: part, enumerable: true, writable: true, configurable: true });
      continue;
    }
    const items = request[key];
    if (!Array.isArray(ref) || !Array.isArray(items)) continue;
    const hashes = ref as readonly unknown[];
    for (let index = 0; index < hashes.length && index < items.length; index++) {
      const hash = hashes[index];
      const part = typeof hash === 'string' ? partOf(hash) : undefined;
      if (part !== undefined) (items as unknown[])[index] = part;
    }
  }
  return request;
}
