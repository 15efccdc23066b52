import type { CredentialHeader } from '../upstream/resolve-credential.js';
import type { UpstreamBase } from '../upstream/upstream-base.js';
import type { ApiFamily } from './api-family.js';

/** One upstream Luthien can send calls to: a provider's API or any server compatible with it. */
export interface Backend {
  readonly name: string;
  readonly api: ApiFamily;
  readonly upstream: UpstreamBase;
  /** The server's key for this backend, sent when a client presents the proxy key. */
  readonly serverKey: string | undefined;
  readonly serverKeyHeader: CredentialHeader;
  /** Where the server key comes from, for the error an operator reads when it is missing. */
  readonly serverKeySource: string;
}

/**
 * The upstream path for a client path. Each family keeps its SDKs' base-URL convention: an Anthropic
 * base URL stops before `/v1` (`https://api.anthropic.com`), an OpenAI one includes it
 * (`https://api.openai.com/v1`, `https://openrouter.ai/api/v1`), so `/v1` is replaced by the base path.
 */
export function upstreamPath(backend: Backend, clientPath: string): string {
  if (backend.api === 'openai' && (clientPath === '/v1' || clientPath.startsWith('/v1/') || clientPath.startsWith('/v1?'))) {
    return backend.upstream.basePath + clientPath.slice('/v1'.length);
  }
  return backend.upstream.basePath + clientPath;
}
