import { requestPartHash } from './request-part-hash.js';

/**
 * Request headers at least this long (as JSON) are kept once per session, as one of its request parts,
 * and a call's row names them by the part's number: a client sends the same headers with every call
 * of a session (Claude Code: some 300 bytes), which each row stored again.
 */
export const minHeadersPartLength = 64;

/** Digests of header sets' JSON texts, by the header set: the recording worker hands the same object for the same text. */
const digests = new WeakMap<object, string>();

/** The digest the headers' JSON text is kept under among the session's parts (`requestPartHash`): equal texts share a part. */
export function headersPartHash(headers: object, text: string): string {
  let digest = digests.get(headers);
  if (digest === undefined) {
    digest = requestPartHash(text);
    // Only for an object that cannot change, whose text is then always this one.
    if (Object.isFrozen(headers)) digests.set(headers, digest);
  }
  return digest;
}
