import { isJsonObject } from '../core/json.js';
import { partRefElements } from './part-ref-elements.js';
import type { PartRef } from './request-in-parts.js';

/**
 * The original request whole again, from the skeleton a call's row keeps and the session's parts
 * (`RequestPartRefs` in request-in-parts.ts): each reference puts its part back where the skeleton has
 * `null`. A part the store no longer holds stays `null`, so a reader still gets the rest.
 */
export function joinRequestParts(skeleton: unknown, refs: unknown, partOf: (ref: PartRef) => unknown): unknown {
  if (!isJsonObject(skeleton) || !isJsonObject(refs)) return skeleton;
  const request = skeleton as Record<string, unknown>;
  for (const [key, ref] of Object.entries(refs)) {
    if (!Object.hasOwn(request, key)) continue;
    if (typeof ref === 'string' || typeof ref === 'number') {
      const part = partOf(ref);
      // Defined, not assigned: whatever the key, it stays a plain field.
      if (part !== undefined) Object.defineProperty(request, key, { value: part, enumerable: true, writable: true, configurable: true });
      continue;
    }
    const items = request[key];
    if (!Array.isArray(ref) || !Array.isArray(items)) continue;
    const places = partRefElements(ref as readonly unknown[]);
    for (let index = 0; index < places.length && index < items.length; index++) {
      const place = places[index];
      const part = place === null || place === undefined ? undefined : partOf(place);
      if (part !== undefined) (items as unknown[])[index] = part;
    }
  }
  return request;
}
