import { hash } from 'node:crypto';
import { jsonMemberSpans } from '../core/json-member-spans.js';
import type { RequestInParts, RequestPart } from '../store/request-in-parts.js';
import { isCredentialKey, redactJson } from './redact.js';
import { SessionPartTexts, type SessionPlaces } from './session-part-texts.js';
import { TextLru } from './text-lru.js';

/**
 * Shortest piece kept as a part of its own. A reference costs about 25 bytes in each call's row;
 * what is left in the skeleton is stored again with every call that re-sends it, so even a short tool
 * call or result of the history is worth taking out.
 */
export const minPartLength = 64;

/**
 * The request's JSON text in parts (see store/request-in-parts.ts): each element of a top-level array
 * (`messages`, `input`, `tools`, …) and each other top-level value of `minPartLength` characters or
 * more is a part; the rest is the skeleton. Found without parsing the request (json-member-spans.ts):
 * a part is only parsed and redacted when the store asks for its body, i.e. when its session does not
 * hold it yet, so a call re-sending its history costs a scan, and a comparison per piece with what the
 * session sent in its place last time (`sessionPartTexts`); a digest only where that differs.
 *
 * Redacting each part alone gives what redacting the whole request would: `redactJson` treats a
 * value by itself, except for a string under a credential-named key, and no such top-level value is
 * made a part. The digest is of the client's text, so a part is known again before it is redacted; it
 * says nothing of that text (SHA-256, cut to 128 bits: a session would need some 2^64 distinct parts
 * before two shared one).
 *
 * Undefined when the request is better stored whole: nothing large enough, or JSON the scan does not
 * describe exactly (not an object, duplicate keys, …).
 */
export function splitRequest(text: string, session?: string): RequestInParts | undefined {
  const spans = jsonMemberSpans(text);
  if (spans === undefined) return undefined;
  const places = session === undefined ? undefined : sessionPartTexts.of(session);
  const parts: RequestPart[] = [];
  const skeleton: string[] = [];
  let copied = 0;
  for (const span of spans) {
    if (span.end - span.start < minPartLength || (span.index === null && isCredentialKey(span.key))) continue;
    const partText = text.slice(span.start, span.end);
    // A key holds no raw control character (JSON escapes them, and the scan refuses escaped keys).
    const place = `${span.key}\0${span.index ?? ''}`;
    const known = places?.digestOf(place, partText);
    if (known === undefined) {
      const digest = requestPartHash(partText);
      parts.push({ key: span.key, index: span.index, hash: digest, body: () => partBody(partText, digest, place, places) });
    } else {
      // Kept because redaction left it alone: the body is the text itself.
      parts.push({ key: span.key, index: span.index, hash: known, body: () => partText });
    }
    skeleton.push(text.slice(copied, span.start), 'null');
    copied = span.end;
  }
  if (parts.length === 0) return undefined;
  skeleton.push(text.slice(copied));
  return { skeleton: redactedSkeleton(skeleton.join('')), parts };
}

/** The digest a part is stored under: SHA-256 of its text, base64url, the first 128 bits. */
export function requestPartHash(text: string): string {
  return hash('sha256', text, 'base64url').slice(0, 22);
}

/**
 * The clean part texts recent sessions sent, per thread, at most 16 Mi characters and 4096 sessions.
 * A part is remembered when its body is first asked for, i.e. when its session's parts are first
 * stored; a session the writer already holds (after a restart, or once pushed out of here) is digested
 * part by part each call instead, as it was before this was kept.
 */
const sessionPartTexts = new SessionPartTexts(16 * 1024 * 1024, 4096);

function partBody(text: string, digest: string, place: string, places: SessionPlaces | undefined): string {
  const body = redactedJsonText(text);
  if (body === text) places?.remember(place, text, digest);
  return body;
}

/**
 * Skeletons found clean, per thread: in a session the skeleton is mostly the same from call to call
 * (model, settings, the short messages), and a lookup saves parsing and walking it. Clean only, so no
 * secret is kept; at most 1 Mi characters.
 */
const cleanSkeletons = new TextLru<true>(1, 1024 * 1024, 4096);

function redactedSkeleton(text: string): string {
  if (cleanSkeletons.get(text) === true) return text;
  const redacted = redactedJsonText(text);
  if (redacted === text) cleanSkeletons.set(text, true);
  return redacted;
}

/** `text` itself when redaction leaves its JSON alone (the usual case), else the redacted JSON. */
function redactedJsonText(text: string): string {
  const value: unknown = JSON.parse(text);
  const redacted = redactJson(value);
  return redacted === value ? text : JSON.stringify(redacted);
}
