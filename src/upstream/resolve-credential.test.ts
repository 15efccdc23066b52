import { describe, expect, it } from 'vitest';
import { ProxyError } from '../core/proxy-error.js';
import { authenticateClient, credentialHeaders, upstreamCredential } from './resolve-credential.js';

const codeOf = (value: unknown) => (ProxyError.isInstance(value) ? value.code : undefined);

describe('authenticateClient', () => {
  it('requires a credential in every mode', () => {
    for (const mode of ['proxy_key', 'passthrough', 'both'] as const) {
      expect(codeOf(authenticateClient({}, { mode, proxyKey: 'pk' }))).toBe('LUTHIEN_MISSING_CREDENTIAL');
      expect(codeOf(authenticateClient({ authorization: 'Basic abc' }, { mode, proxyKey: 'pk' }))).toBe('LUTHIEN_MISSING_CREDENTIAL');
    }
  });

  it('recognises the proxy key in either header, except in passthrough mode', () => {
    expect(authenticateClient({ 'x-api-key': 'pk' }, { mode: 'proxy_key', proxyKey: 'pk' })).toEqual({ kind: 'proxy-key' });
    expect(authenticateClient({ authorization: 'bearer  pk ' }, { mode: 'both', proxyKey: 'pk' })).toEqual({ kind: 'proxy-key' });
    expect(authenticateClient({ authorization: 'Bearer pk' }, { mode: 'passthrough', proxyKey: 'pk' })).toEqual({ kind: 'own', credential: { header: 'authorization', value: 'pk' } });
  });

  it('passes other credentials through, in the header the client used, unless only the proxy key is accepted', () => {
    expect(authenticateClient({ 'x-api-key': 'sk-user' }, { mode: 'both', proxyKey: 'pk' })).toEqual({ kind: 'own', credential: { header: 'x-api-key', value: 'sk-user' } });
    expect(authenticateClient({ authorization: 'Bearer sk-user' }, { mode: 'both', proxyKey: undefined })).toEqual({ kind: 'own', credential: { header: 'authorization', value: 'sk-user' } });
    expect(codeOf(authenticateClient({ 'x-api-key': 'sk-user' }, { mode: 'proxy_key', proxyKey: 'pk' }))).toBe('LUTHIEN_INVALID_PROXY_KEY');
  });
});

describe('upstreamCredential', () => {
  it('maps the proxy key to the backend’s own key and header', () => {
    expect(upstreamCredential({ kind: 'proxy-key' }, { name: 'openai', serverKey: 'sk-openai', serverKeyHeader: 'authorization', serverKeySource: 'OPENAI_API_KEY' })).toEqual({ header: 'authorization', value: 'sk-openai' });
    const missing = upstreamCredential({ kind: 'proxy-key' }, { name: 'anthropic', serverKey: undefined, serverKeyHeader: 'x-api-key', serverKeySource: 'ANTHROPIC_API_KEY' });
    expect(codeOf(missing)).toBe('LUTHIEN_UPSTREAM_KEY_NOT_CONFIGURED');
    expect((missing as Error).message).toContain("backend 'anthropic' has none; set ANTHROPIC_API_KEY");
  });

  it('leaves the client’s own credential as it was', () => {
    const credential = { header: 'x-api-key', value: 'sk-user' } as const;
    expect(upstreamCredential({ kind: 'own', credential }, { name: 'b', serverKey: 'sk-server', serverKeyHeader: 'authorization', serverKeySource: 'X' })).toBe(credential);
    expect(credentialHeaders(credential)).toEqual({ 'x-api-key': 'sk-user' });
    expect(credentialHeaders({ header: 'authorization', value: 't' })).toEqual({ authorization: 'Bearer t' });
  });
});
