import { isJsonObject } from '../core/json.js';
import { decodeJson } from './decode-column.js';
import { partRefElements } from './part-ref-elements.js';

/** The parts a call's row refers to: by number in its session, and, in rows written before parts were numbered, by digest. */
export interface ReferencedParts {
  readonly numbers: number[];
  readonly hashes: string[];
}

/**
 * What a call's row refers to: its `original_request_parts` (request-in-parts.ts; nothing for a request
 * stored whole) and its `request_headers` when they are the number of a part (headers-part.ts).
 */
export function referencedParts(requestParts: unknown, requestHeaders?: unknown): ReferencedParts {
  const found: ReferencedParts = { numbers: [], hashes: [] };
  const add = (refs: readonly unknown[]): void => {
    for (const place of partRefElements(refs)) {
      if (typeof place === 'string') found.hashes.push(place);
      else if (place !== null) found.numbers.push(place);
    }
  };
  const headers = requestHeaders === undefined || requestHeaders === null ? null : decodeJson(requestHeaders);
  if (typeof headers === 'number') add([headers]);
  const refs = requestParts === null ? null : decodeJson(requestParts);
  if (isJsonObject(refs)) for (const ref of Object.values(refs)) add(Array.isArray(ref) ? ref : [ref]);
  return found;
}
