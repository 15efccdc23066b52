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

export interface AuthSettings {
  readonly mode: AuthMode;
  readonly proxyKey: string | undefined;
}

/** Who the client is to Luthien: a holder of the proxy key, or someone with their own upstream credential. */
export type ClientAuth = { readonly kind: 'proxy-key' } | { readonly kind: 'own'; readonly credential: Credential };

/** The upstream side of a credential mapping: the backend's own key and the header it expects. */
export interface ServerKey {
  readonly name: string;
  readonly serverKey: string | undefined;
  readonly serverKeyHeader: CredentialHeader;
  readonly serverKeySource: string;
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
 * Checks the client's credential against the auth mode, before anything else is read:
 * - `proxy_key`: the client must present `PROXY_API_KEY`;
 * - `passthrough`: the client's own credential will go upstream unchanged;
 * - `both`: the proxy key is recognised, any other credential passes through.
 * Keys are compared in constant time and never appear in an error message.
 */
export function authenticateClient(headers: IncomingHttpHeaders, settings: AuthSettings): ClientAuth | ProxyError {
  const presented = readClientCredentials(headers);
  const first = presented[0];
  if (first === undefined) return new ProxyError('LUTHIEN_MISSING_CREDENTIAL');
  const proxyKey = settings.proxyKey;
  if (settings.mode !== 'passthrough' && proxyKey !== undefined && presented.some((credential) => constantTimeEqual(credential.value, proxyKey))) {
    return { kind: 'proxy-key' };
  }
  if (settings.mode === 'proxy_key') return new ProxyError('LUTHIEN_INVALID_PROXY_KEY');
  return { kind: 'own', credential: first };
}

/** The credential that goes to a backend: its server key for proxy-key holders, otherwise the client's own. */
export function upstreamCredential(auth: ClientAuth, backend: ServerKey): Credential | ProxyError {
  if (auth.kind === 'own') return auth.credential;
  if (backend.serverKey === undefined) {
    return new ProxyError('LUTHIEN_UPSTREAM_KEY_NOT_CONFIGURED', `backend '${backend.name}' has none; set ${backend.serverKeySource}`);
  }
  return { header: backend.serverKeyHeader, value: backend.serverKey };
}

/** Hashing first makes the comparison constant-time whatever the lengths. */
export function constantTimeEqual(a: string, b: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(a), digest(b));
}

export function credentialHeaders(credential: Credential): Record<string, string> {
  return credential.header === 'x-api-key' ? { 'x-api-key': credential.value } : { authorization: `Bearer ${credential.value}` };
}
