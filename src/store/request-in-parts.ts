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
 * How a call's row names one of its session's parts: by its number in the session (`request_parts.seq`),
 * or, in rows written before parts were numbered, by its digest.
 */
export type PartRef = number | string;

/** Parts numbered `first` to `last`, in order, at consecutive places of an array: `[first, last]`. */
export type PartRun = readonly [first: number, last: number];

/**
 * Which part goes where, as `calls.original_request_parts` keeps it, compact because a long session's
 * calls each refer to its whole history: per top-level key, the part that is its value, or for an
 * array one entry per element taken out (null for an element left in the skeleton), where a run of
 * parts numbered one after the other is written as its first and last (`PartRun`). An agent re-sends
 * its history in the order it first sent it, so a call's references are a few runs, whatever its length.
 */
export type RequestPartRefs = Record<string, PartRef | (PartRef | PartRun | null)[]>;

/**
 * The references of a request in parts, one per place (no runs): by the part's number in `numbers`
 * (in the order of `request.parts`) when given, else by its digest.
 */
export function requestPartRefs(request: RequestInParts, numbers?: readonly number[]): RequestPartRefs {
  const refs: RequestPartRefs = {};
  request.parts.forEach((part, position) => {
    const ref = numbers?.[position] ?? part.hash;
    if (part.index === null) {
      refs[part.key] = ref;
      return;
    }
    const existing = refs[part.key];
    const elements = Array.isArray(existing) ? existing : (refs[part.key] = []);
    while (elements.length < part.index) elements.push(null);
    elements[part.index] = ref;
  });
  return refs;
}

/**
 * The references as `calls.original_request_parts` keeps them: each part by its number in `numbers`
 * (in the order of `request.parts`), three or more numbered one after the other at consecutive places
 * as a run. Written directly: the parts come member by member, in order, and a key is JSON-safe as it
 * is (the scan only takes unescaped keys), where building the object and serialising it cost a few
 * microseconds a call. `partRefElements` reads the runs back.
 */
export function requestPartRefsJson(request: RequestInParts, numbers: readonly number[]): string {
  let json = '{';
  let key: string | undefined;
  // The next place in the current array, and the run being gathered there (undefined: none yet).
  let next = 0;
  let runFirst: number | undefined;
  let runLast = 0;
  const closeRun = (): void => {
    if (runFirst === undefined) return;
    json += runLast - runFirst >= 2 ? `[${runFirst},${runLast}]` : runLast > runFirst ? `${runFirst},${runLast}` : `${runFirst}`;
    runFirst = undefined;
  };
  request.parts.forEach((part, position) => {
    const number = numbers[position];
    if (number === undefined) throw new Error(`request part ${position} has no number`);
    if (part.key !== key) {
      closeRun();
      if (key !== undefined && next > 0) json += ']';
      json += `${key === undefined ? '' : ','}"${part.key}":`;
      key = part.key;
      next = 0;
    }
    if (part.index === null) {
      json += String(number);
      return;
    }
    if (runFirst !== undefined && part.index === next && number === runLast + 1) {
      runLast = number;
      next = part.index + 1;
      return;
    }
    closeRun();
    json += next === 0 ? '[' : ',';
    for (; next < part.index; next++) json += 'null,';
    runFirst = number;
    runLast = number;
    next = part.index + 1;
  });
  closeRun();
  if (next > 0) json += ']';
  return `${json}}`;
}
