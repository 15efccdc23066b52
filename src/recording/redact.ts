import { CleanTextCache } from './clean-text-cache.js';
import { redactExtraSecrets } from './redact-extra-secrets.js';
import { assembleCallRecord } from '../core/assemble-call-record.js';
import type { CallRecord, RecordedBlock, RecordedResponse } from '../core/call-record.js';
import type { JsonObject } from '../core/json.js';

/**
 * Secret redaction for everything Luthien stores, logs or publishes. Two layers: headers go through an
 * allow-list (a header we did not name is never kept, so a new credential header cannot slip through),
 * and free text is scanned for things shaped like keys and tokens, wherever they hide (a pasted key in
 * a prompt, a tool input, an error message).
 */

/** Request headers that carry credentials: never kept, whatever else the allow-list says. */
const credentialHeaders = new Set([
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'api-key',
  'x-goog-api-key',
  'cookie',
  'set-cookie',
  'x-auth-token',
  'x-access-token',
]);

/** Headers worth keeping for history and debugging: client identity, API versions, session ids. */
const keptHeaders = new Set([
  'user-agent',
  'anthropic-version',
  'anthropic-beta',
  'x-app',
  'originator',
  'session-id',
  'x-session-id',
  'x-claude-code-session-id',
  'openai-beta',
  'version',
  'x-client-request-id',
]);

/** Longest header value kept: these are labels, and a huge one is not worth the storage. */
const maxHeaderLength = 1024;

export function isCredentialHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return credentialHeaders.has(lower) || /(?:^|-)(?:api-?key|token|secret|password)(?:$|-)/.test(lower);
}

/**
 * The allow-listed request headers (lower-cased names, multi-values joined, cut to `maxHeaderLength`),
 * their values not yet scrubbed: what the pipeline keeps with a record, on the thread that serves the
 * call. `redactCallRecord` scrubs them (`requestHeadersToKeep`) before the record goes anywhere.
 */
export function allowListedHeaders(headers: Readonly<Record<string, string | readonly string[] | undefined>>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const rawName of Object.keys(headers)) {
    const value = headers[rawName];
    if (value === undefined) continue;
    const name = keptName(rawName);
    if (name === null) continue;
    const text = typeof value === 'string' ? value : value.join(', ');
    kept[name] = text.length > maxHeaderLength ? text.slice(0, maxHeaderLength) : text;
  }
  return kept;
}

/**
 * What each header name seen is kept as (its lower case), or null when it is not: clients send the same
 * dozen or so names on every call, and a lookup costs less than lower-casing and testing each one again.
 * At most `maxKnownNames` names, as a client may send any.
 */
const knownNames = new Map<string, string | null>();
const maxKnownNames = 512;

function keptName(rawName: string): string | null {
  const known = knownNames.get(rawName);
  if (known !== undefined) return known;
  const name = rawName.toLowerCase();
  // The allow-list names no credential; only the open-ended `x-stainless-*` family is checked.
  const kept = keptHeaders.has(name) || (name.startsWith('x-stainless-') && !isCredentialHeader(name)) ? name : null;
  if (knownNames.size >= maxKnownNames) knownNames.clear();
  knownNames.set(rawName, kept);
  return kept;
}

/** The allow-listed request headers, secrets scrubbed from their values. */
export function requestHeadersToKeep(headers: Readonly<Record<string, string | readonly string[] | undefined>>): Record<string, string> {
  const kept = allowListedHeaders(headers);
  for (const name of Object.keys(kept)) kept[name] = redactSecrets(kept[name] ?? '');
  scrubbedHeaderSets.add(kept);
  return kept;
}

/** Header sets `requestHeadersToKeep` made: scrubbed already, so `redactCallRecord` keeps them as they are. */
const scrubbedHeaderSets = new WeakSet<object>();

/**
 * One alternation, so a string is scanned once whatever the number of kinds; the named group that
 * matched gives the kind. More specific shapes come first (an Anthropic key is also `sk-…`).
 */
const secretPattern = new RegExp(
  [
    String.raw`(?<privateKey>-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|$))`,
    String.raw`(?<anthropicKey>\bsk-ant-[A-Za-z0-9_-]{8,})`,
    String.raw`(?<openaiKey>\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{16,})`,
    String.raw`(?<bearer>\bBearer\s+[A-Za-z0-9._~+/=-]{8,})`,
    String.raw`(?<awsKey>\b(?:AKIA|ASIA)[0-9A-Z]{16}\b)`,
    String.raw`(?<githubToken>\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,}))`,
    String.raw`(?<slackToken>\bxox[abposr]-[A-Za-z0-9-]{10,})`,
    String.raw`(?<googleKey>\bAIza[0-9A-Za-z_-]{35})`,
    String.raw`(?<jwt>\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})`,
    // The password in `scheme://user:password@host` (database and Redis URLs in error messages).
    String.raw`(?<urlPassword>\b[a-z][a-z0-9+.-]*://[^\s:/@]*:)[^\s/@]+@`,
  ].join('|'),
  'g',
);

const kindOfGroup: Readonly<Record<string, string>> = {
  privateKey: 'private-key',
  anthropicKey: 'anthropic-key',
  openaiKey: 'openai-key',
  bearer: 'bearer-token',
  awsKey: 'aws-access-key',
  githubToken: 'github-token',
  slackToken: 'slack-token',
  googleKey: 'google-api-key',
  jwt: 'jwt',
};

/**
 * The fixed fragments, one of which every alternative of `secretPattern` contains (case and all). Most
 * strings (prompts, code, tool schemas) hold none, and this literal scan rules them out at a fraction
 * of the pattern's cost: the pattern tries all ten alternatives, with their word boundaries, at every
 * position. Adding a kind to `secretPattern` means adding its fragment here; redact.test.ts checks both
 * agree on every kind.
 */
const secretFragments = /sk-|Bearer|A(?:KIA|SIA|Iza)|gh[pousr]_|github_pat_|xox|eyJ|:\/\/|-----BEGIN /;

/** False when `text` cannot hold anything `redactSecrets` would replace. */
export function mayHoldSecret(text: string): boolean {
  return secretFragments.test(text);
}

/**
 * Texts already found clean, per thread: the system prompt, tool definitions, history and the short
 * strings of a request's JSON that a client re-sends each call. Three characters and up (no secret is
 * shorter than its fragment); at most 4 Mi characters in 65 536 texts.
 */
const cleanTexts = new CleanTextCache(3, 4 * 1024 * 1024, 65_536);

/** `text` with anything shaped like a key, token or private key replaced by `[REDACTED:<kind>]`. */
export function redactSecrets(text: string): string {
  if (text.length < cleanTexts.minLength) return scrub(text);
  if (cleanTexts.has(text)) return text;
  const redacted = scrub(text);
  if (redacted === text) cleanTexts.add(text);
  return redacted;
}

function scrub(text: string): string {
  return redactExtraSecrets(mayHoldSecret(text) ? replaceSecrets(text) : text);
}

/** `redactSecrets` without the fragment check: the pattern over the whole text (exported for its test). */
export function replaceSecrets(text: string): string {
  secretPattern.lastIndex = 0;
  if (!secretPattern.test(text)) return text;
  return text.replace(secretPattern, (match: string, ...rest: unknown[]) => {
    const groups = rest.at(-1) as Record<string, string | undefined>;
    if (groups.urlPassword !== undefined) return `${groups.urlPassword}[REDACTED:password]@`;
    for (const [group, kind] of Object.entries(kindOfGroup)) if (groups[group] !== undefined) return `[REDACTED:${kind}]`;
    return match;
  });
}

/** JSON fields whose string value is a credential by name (a request body or tool input carrying one). */
const credentialKeys = new Set([
  'api_key',
  'apikey',
  'api-key',
  'x-api-key',
  'authorization',
  'password',
  'passwd',
  'client_secret',
  'access_token',
  'refresh_token',
  'id_token',
  'private_key',
]);

/** True for a JSON field whose string value `redactJson` blanks whatever it holds (`api_key`, `password`, …). */
export function isCredentialKey(key: string): boolean {
  return credentialKeys.has(key.toLowerCase());
}

/**
 * `value` with every string scrubbed and credential-named fields blanked, deep. Copy on write: an
 * untouched subtree is returned as is, so a large clean request costs a walk and no copies.
 */
export function redactJson<T>(value: T): T {
  return redactValue(value) as T;
}

function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (typeof value !== 'object' || value === null) return value;
  // Plain loops over indices and keys: this walk visits every node of every request recorded.
  if (Array.isArray(value)) {
    const items: readonly unknown[] = value;
    let copy: unknown[] | undefined;
    for (let index = 0; index < items.length; index++) {
      const item = items[index];
      const redacted = redactValue(item);
      if (redacted !== item) (copy ??= [...items])[index] = redacted;
    }
    return copy ?? items;
  }
  const object = value as Readonly<Record<string, unknown>>;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(object)) {
    const item = object[key];
    const redacted = typeof item === 'string' && item !== '' && isCredentialKey(key) ? '[REDACTED:credential]' : redactValue(item);
    if (redacted !== item) (copy ??= { ...object })[key] = redacted;
  }
  return copy ?? object;
}

function redactBlock(block: RecordedBlock): RecordedBlock {
  if (block.type !== 'tool-call') return redactJson(block);
  const input = redactJson(block.input);
  // The raw JSON must not keep what the parsed input lost to a credential-named field.
  const inputJson = input === block.input ? redactSecrets(block.inputJson) : JSON.stringify(input);
  return input === block.input && inputJson === block.inputJson ? block : { ...block, input, inputJson };
}

function redactResponse(response: RecordedResponse | undefined): RecordedResponse | undefined {
  if (response === undefined) return undefined;
  const blocks = response.blocks.map(redactBlock);
  // Copy on write, like `redactJson`: a clean answer stays the same object.
  return blocks.every((block, index) => block === response.blocks[index]) ? response : { ...response, blocks };
}

/**
 * The record as it may be stored: credential headers gone, secrets scrubbed from every text in it. A
 * final request that is the original itself (no policy changed it) is redacted once and stays the very
 * same object, which is how the store knows to keep it once (see `call-row.ts`).
 */
export function redactCallRecord(record: CallRecord): CallRecord {
  const originalRequest = redactJson<JsonObject | undefined>(record.originalRequest);
  const upstreamResponse = redactResponse(record.upstreamResponse);
  const { policyEvents, userText, error } = record;
  return assembleCallRecord(record, {
    stopReason: record.stopReason,
    usage: record.usage,
    originalRequest,
    // The client's bytes no longer say what the request is once redaction has changed it.
    originalRequestBytes: originalRequest === record.originalRequest ? record.originalRequestBytes : undefined,
    userText: userText === undefined ? undefined : redactSecrets(userText),
    finalRequest: record.finalRequest === record.originalRequest ? originalRequest : redactJson<JsonObject | undefined>(record.finalRequest),
    requestHeaders: scrubbedHeaderSets.has(record.requestHeaders) ? record.requestHeaders : requestHeadersToKeep(record.requestHeaders),
    upstreamResponse,
    // The upstream's own answer stays that same object, so the store keeps it once.
    clientResponse: record.clientResponse === record.upstreamResponse ? upstreamResponse : redactResponse(record.clientResponse),
    upstreamResponseBytes: record.upstreamResponseBytes,
    policyEvents: policyEvents.length === 0 ? policyEvents : policyEvents.map((event) => redactJson(event)),
    error: error === undefined ? undefined : { code: error.code, message: redactSecrets(error.message) },
  });
}
