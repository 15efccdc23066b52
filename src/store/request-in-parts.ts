import type { CallRecord } from '../core/call-record.js';

/**
 * An original request to store in parts: agents re-send their system prompt, tools and whole history
 * with every call, so a session's requests are mostly the same pieces again. Each large piece is kept
 * once per session in `request_parts`, under a digest of its text; the call's row keeps the rest of the
 * request (the skeleton) and which part goes where. Built by recording/split-request.ts; read back by
 * join-request-parts.ts.
 */
export interface RequestInParts {
  /** The request's JSON text with `null` where each part was, redacted. */
  readonly skeleton: string;
  readonly parts: readonly RequestPart[];
}

export interface RequestPart {
  /** The top-level member the part is, or is an element of. */
  readonly key: string;
  /** The element's position when the member is an array; null when the part is the member's value. */
  readonly index: number | null;
  /** Digest of the part's text as the client sent it: equal texts, equal digests. */
  readonly hash: string;
  /** The part's JSON text, redacted; only asked for when the session does not hold the part yet. */
  readonly body: () => string;
}

/** What the writers take: a record, and its original request in parts when the recorder split it. */
export type CallToStore = CallRecord & { readonly originalRequestInParts?: RequestInParts };

/**
 * Which part goes where, as `calls.original_request_parts` keeps it, compact because a long session's
 * calls each refer to its whole history: per top-level key, the digest of its value, or for an array
 * the digest of each element taken out (null for an element left in the skeleton).
 */
export type RequestPartRefs = Record<string, string | (string | null)[]>;

export function requestPartRefs(request: RequestInParts): RequestPartRefs {
  const refs: RequestPartRefs = {};
  for (const part of request.parts) {
    if (part.index === null) {
      refs[part.key] = part.hash;
      continue;
    }
    const existing = refs[part.key];
    const elements = Array.isArray(existing) ? existing : (refs[part.key] = []);
    while (elements.length < part.index) elements.push(null);
    elements[part.index] = part.hash;
  }
  return refs;
}

/**
 * `requestPartRefs` as its JSON text, written directly: the parts come member by member, in order, and
 * what they hold is JSON-safe as it is (a key as the client wrote it, which the scan only takes
 * unescaped; a base64url digest), where building the object and serialising it cost a few microseconds
 * a call. `JSON.parse` of it gives `requestPartRefs`.
 */
export function requestPartRefsJson(request: RequestInParts): string {
  let json = '{';
  let key: string | undefined;
  let next = 0;
  for (const part of request.parts) {
    if (part.key !== key) {
      if (key !== undefined && next > 0) json += ']';
      json += `${key === undefined ? '' : ','}"${part.key}":`;
      key = part.key;
      next = 0;
    }
    if (part.index === null) {
      json += `"${part.hash}"`;
      continue;
    }
    json += next === 0 ? '[' : ',';
    for (; next < part.index; next++) json += 'null,';
    json += `"${part.hash}"`;
    next = part.index + 1;
  }
  if (next > 0) json += ']';
  return `${json}}`;
}
