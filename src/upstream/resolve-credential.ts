import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { ProxyError } from '../core/proxy-error.js';

export type AuthMode = 'proxy_key' | 'passthrough' | 'both';

/** Which header a credential travels in; passthrough keeps the client's own choice. */
export type CredentialHeader = 'x-api-key' | 'authorization';

export interface Credential {
  readonly header: CredentialHeader;
  /** The key or token itself, without the `Bearer ` prefix. */
  readonly value: string;
}

export interface CredentialSettings {
  readonly mode: AuthMode;
  readonly proxyKey: string | undefined;
  /** The server's key for this backend, and the header the backend expects it in. */
  readonly serverKey: string | undefined;
  readonly serverKeyHeader: CredentialHeader;
}

/** The credentials a client presented (both styles are accepted: the Anthropic SDK 1.x sends Bearer). */
export function readClientCredentials(headers: IncomingHttpHeaders): Credential[] {
  const found: Credential[] = [];
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.trim() !== '') found.push({ header: 'x-api-key', value: apiKey.trim() });
  const authorization = headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    if (match?.[1] !== undefined) found.push({ header: 'authorization', value: match[1].trim() });
  }
  return found;
}

/**
 * Decides what credential goes upstream:
 * - `proxy_key`: the client must present `PROXY_API_KEY`; the upstream gets the server's key.
 * - `passthrough`: the client's own credential goes upstream unchanged, in the same header.
 * - `both`: the proxy key maps to the server's key; any other credential passes through.
 * Keys are compared in constant time and never appear in an error message.
 */
export function resolveCredential(headers: IncomingHttpHeaders, settings: CredentialSettings): Credential | ProxyError {
  const presented = readClientCredentials(headers);
  if (presented.length === 0) return new ProxyError('LUTHIEN_MISSING_CREDENTIAL');
  const proxyKey = settings.proxyKey;
  const matchesProxyKey = proxyKey !== undefined && presented.some((credential) => constantTimeEqual(credential.value, proxyKey));
  if (settings.mode !== 'passthrough' && matchesProxyKey) {
    if (settings.serverKey === undefined) return new ProxyError('LUTHIEN_UPSTREAM_KEY_NOT_CONFIGURED');
    return { header: settings.serverKeyHeader, value: settings.serverKey };
  }
  if (settings.mode === 'proxy_key') return new ProxyError('LUTHIEN_INVALID_PROXY_KEY');
  return presented[0] as Credential;
}

/** Hashing first makes the comparison constant-time whatever the lengths. */
export function constantTimeEqual(a: string, b: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(a), digest(b));
}

export function credentialHeaders(credential: Credential): Record<string, string> {
  return credential.header === 'x-api-key'
    ? { 'x-api-key': credential.value }
    : { authorization: `Bearer ${credential.value}` };
}
