import { jsonMemberSpans } from '../core/json-member-spans.js';
import type { RequestInParts, RequestPart } from '../store/request-in-parts.js';
import { requestPartHash } from '../store/request-part-hash.js';
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
 * hold it yet, so a call re-sending its history costs a comparison per piece with what the session
 * sent in its place last time (`sessionPartTexts`), which the scan then skips; a scan and a digest
 * only where that differs.
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
  const places = session === undefined ? undefined : sessionPartTexts.of(session);
  const spans = jsonMemberSpans(text, places === undefined ? undefined : (key, index) => places.at(key, index));
  if (spans === undefined) return undefined;
  const parts: RequestPart[] = [];
  const skeleton: string[] = [];
  let copied = 0;
  for (const span of spans) {
    const known = span.expected;
    if (known !== undefined) {
      // What the session sent here last time, which redaction left alone: the body is that text.
      parts.push({ key: span.key, index: span.index, hash: known.digest, body: () => known.text });
    } else {
      if (span.end - span.start < minPartLength || (span.index === null && isCredentialKey(span.key))) continue;
      const partText = text.slice(span.start, span.end);
      const digest = requestPartHash(partText);
      const { key, index } = span;
      parts.push({ key, index, hash: digest, body: () => partBody(partText, digest, key, index, places) });
    }
    skeleton.push(text.slice(copied, span.start), 'null');
    copied = span.end;
  }
  if (parts.length === 0) return undefined;
  skeleton.push(text.slice(copied));
  return { skeleton: redactedSkeleton(skeleton.join('')), parts };
}

/**
 * The clean part texts recent sessions sent, per thread, at most 16 Mi characters and 4096 sessions.
 * A part is remembered when its body is first asked for, i.e. when its session's parts are first
 * stored; a session the writer already holds (after a restart, or once pushed out of here) is digested
 * part by part each call instead, as it was before this was kept.
 */
const sessionPartTexts = new SessionPartTexts(16 * 1024 * 1024, 4096);

function partBody(text: string, digest: string, key: string, index: number | null, places: SessionPlaces | undefined): string {
  const body = redactedJsonText(text);
  if (body === text) places?.remember(key, index, text, digest);
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
