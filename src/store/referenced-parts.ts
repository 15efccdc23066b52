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
  const add = (ref: unknown): void => {
    if (typeof ref === 'string') found.hashes.push(ref);
    else if (typeof ref === 'number' && Number.isSafeInteger(ref) && ref > 0) found.numbers.push(ref);
  };
  const headers = requestHeaders === undefined || requestHeaders === null ? null : decodeJson(requestHeaders);
  if (typeof headers === 'number') add(headers);
  const refs = requestParts === null ? null : decodeJson(requestParts);
  if (!isJsonObject(refs)) return found;
  for (const ref of Object.values(refs)) {
    if (Array.isArray(ref)) for (const place of partRefElements(ref)) add(place);
    else add(ref);
  }
  return found;
}
