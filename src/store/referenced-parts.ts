import { isJsonObject } from '../core/json.js';
import { decodeJson } from './decode-column.js';
import { partRefElements } from './part-ref-elements.js';

/** The parts a call's row refers to: by number in its session, and, in rows written before parts were numbered, by digest. */
export interface ReferencedParts {
  readonly numbers: number[];
  readonly hashes: string[];
}

/** What a call's `original_request_parts` column refers to (request-in-parts.ts; nothing for a request stored whole). */
export function referencedParts(column: unknown): ReferencedParts {
  const found: ReferencedParts = { numbers: [], hashes: [] };
  const refs = column === null ? null : decodeJson(column);
  if (!isJsonObject(refs)) return found;
  const add = (ref: unknown): void => {
    if (typeof ref === 'string') found.hashes.push(ref);
    else if (typeof ref === 'number' && Number.isSafeInteger(ref) && ref > 0) found.numbers.push(ref);
  };
  for (const ref of Object.values(refs)) {
    if (Array.isArray(ref)) for (const place of partRefElements(ref)) add(place);
    else add(ref);
  }
  return found;
}
