import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

/** RFC 9110 §7.6.1 connection-specific headers: they describe one hop and must never be forwarded. */
const hopByHop: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/**
 * Request headers Luthien sets itself or keeps to itself: credentials are resolved explicitly
 * (resolve-credential.ts), the body length is recomputed, cookies and client addresses belong to the
 * hop to Luthien, and Luthien's own headers stop here.
 */
const neverForwarded: ReadonlySet<string> = new Set([
  'host',
  'content-length',
  'authorization',
  'x-api-key',
  'cookie',
  'expect',
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-real-ip',
]);

function connectionTokens(headers: IncomingHttpHeaders | OutgoingHttpHeaders): Set<string> {
  const value = headers.connection;
  const text = Array.isArray(value) ? value.join(',') : typeof value === 'string' ? value : '';
  return new Set(text.split(',').map((token) => token.trim().toLowerCase()).filter(Boolean));
}

/**
 * The client's headers as the upstream should see them: everything upstream-relevant
 * (`anthropic-version`, `anthropic-beta`, `x-app`, `user-agent`, `x-stainless-*`, …) passes; hop-by-hop,
 * credentials and Luthien's own headers do not. `decodeBody` drops `accept-encoding` so the upstream
 * answers uncompressed when Luthien must read the response.
 */
export function forwardRequestHeaders(headers: IncomingHttpHeaders, options: { decodeBody: boolean }): Record<string, string> {
  const listed = connectionTokens(headers);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || hopByHop.has(name) || neverForwarded.has(name) || listed.has(name)) continue;
    if (name.startsWith('x-luthien-')) continue;
    if (options.decodeBody && name === 'accept-encoding') continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * The upstream's response headers as the client should see them (`request-id`, rate-limit headers,
 * `retry-after`, …). When Luthien re-encodes the body, its length, encoding and type are its own.
 */
export function forwardResponseHeaders(
  headers: IncomingHttpHeaders,
  options: { reencodedBody: boolean },
): Record<string, string | string[]> {
  const listed = connectionTokens(headers);
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || hopByHop.has(name) || listed.has(name)) continue;
    if (options.reencodedBody && (name === 'content-length' || name === 'content-encoding' || name === 'content-type')) continue;
    out[name] = value;
  }
  return out;
}
