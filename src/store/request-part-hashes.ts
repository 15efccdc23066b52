import { isJsonObject } from '../core/json.js';
import { decodeJson } from './decode-column.js';

/** The digests a call's `original_request_parts` column refers to (request-in-parts.ts; none for a request stored whole). */
export function requestPartHashes(column: unknown): string[] {
  const refs = column === null ? null : decodeJson(column);
  if (!isJsonObject(refs)) return [];
  const hashes: string[] = [];
  for (const ref of Object.values(refs)) {
    if (typeof ref === 'string') hashes.push(ref);
    else if (Array.isArray(ref)) for (const hash of ref as readonly unknown[]) if (typeof hash === 'string') hashes.push(hash);
  }
  return hashes;
}
