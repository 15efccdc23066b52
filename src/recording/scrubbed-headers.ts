import { rememberJson } from '../core/known-json.js';
import { requestHeadersToKeep } from './redact.js';
import { TextLru } from './text-lru.js';

/**
 * A record's request headers in the recording worker, from the JSON text they travelled as
 * (`WaitingRecord`): allow-listed and scrubbed (`requestHeadersToKeep`), and written back as that same
 * text (known-json.ts). A client sends the same headers with every call of a session, so a text seen
 * recently gives the object made for it then: no parsing, scrubbing or serialising. Only texts that
 * scrubbing leaves as they are, so no secret is kept; at most 1024 of them, 1 Mi characters.
 */
export function scrubbedHeaders(text: string): Readonly<Record<string, string>> {
  const known = clean.get(text);
  if (known !== undefined) return known;
  const kept = requestHeadersToKeep(JSON.parse(text) as Record<string, string>);
  if (JSON.stringify(kept) !== text) return kept;
  clean.set(text, rememberJson(kept, text));
  return kept;
}

const clean = new TextLru<Readonly<Record<string, string>>>(0, 1024 * 1024, 1024);
