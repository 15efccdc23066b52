import { pipeline } from 'node:stream/promises';
import { ProxyError } from '../core/proxy-error.js';
import { isJsonObject, safeParseJson } from '../core/json.js';
import { errorCodecFor } from '../formats/error-codec-for.js';
import type { Logger } from '../observability/logger.js';
import { upstreamPath } from '../routing/backend.js';
import { familyOfRequest } from '../routing/family-of-request.js';
import type { Router } from '../routing/router.js';
import { forwardRequestHeaders, forwardResponseHeaders } from '../upstream/forward-headers.js';
import { authenticateClient, credentialHeaders, upstreamCredential, type AuthSettings } from '../upstream/resolve-credential.js';
import type { UpstreamClient } from '../upstream/upstream-client.js';
import { elapsed, startCall } from './call-state.js';
import type { HttpExchange } from './http-exchange.js';
import { sendProxyError } from './send-error.js';

export interface PassthroughDeps {
  readonly upstream: UpstreamClient;
  readonly logger: Logger;
  readonly router: Router;
  readonly auth: AuthSettings;
}

/**
 * Any other API path (`/v1/messages/count_tokens`, `/v1/models`, ones we have never heard of): same
 * authentication, no policies, bodies streamed both ways untouched. The API family comes from the path
 * and headers (see family-of-request.ts); the backend from the body's `model` when there is one.
 */
export async function handlePassthrough(deps: PassthroughDeps, exchange: HttpExchange): Promise<void> {
  const { req, res, body } = exchange;
  const url = req.url ?? '/';
  const path = url.split('?', 1)[0] ?? url;
  const family = familyOfRequest(path, req.headers);
  const state = startCall(exchange.callId, errorCodecFor(family), res, deps.logger);
  try {
    const auth = authenticateClient(req.headers, deps.auth);
    const backend = deps.router.backendFor(family, path, deps.router.hasModelRules(family) ? modelOf(body) : undefined);
    state.backend = backend.name;
    const credential = ProxyError.isInstance(auth) ? auth : upstreamCredential(auth, backend);
    if (ProxyError.isInstance(credential)) {
      state.outcome = 'rejected';
      sendProxyError(state, credential);
      return;
    }
    const method = req.method ?? 'GET';
    const upstream = await deps.upstream.send({
      origin: backend.upstream.origin,
      path: upstreamPath(backend, url),
      method,
      headers: { ...forwardRequestHeaders(req.headers, { decodeBody: false }), ...credentialHeaders(credential) },
      ...(body === undefined || method === 'GET' || method === 'HEAD' ? {} : { body }),
      signal: state.abort,
    });
    state.status = upstream.status;
    res.writeHead(upstream.status, { ...forwardResponseHeaders(upstream.headers, { reencodedBody: false }), 'x-luthien-call-id': state.callId });
    state.timings.firstByteToClient = elapsed(state);
    await pipeline(upstream.body, res);
  } catch (error) {
    if (state.abort.aborted) state.outcome = 'aborted';
    else if (!res.headersSent) sendProxyError(state, error);
    else res.destroy();
  } finally {
    state.timings.done = elapsed(state);
    deps.logger.info(
      { callId: state.callId, path: req.url, method: req.method, backend: state.backend, status: state.status, outcome: state.outcome, timings: state.timings },
      'passthrough',
    );
  }
}

/** The `model` of a JSON body (`count_tokens`, embeddings), for model rules; bodies are small here. */
function modelOf(body: Buffer | undefined): string | undefined {
  if (body === undefined || body.length === 0) return undefined;
  const parsed = safeParseJson(body.toString('utf8'));
  return parsed.ok && isJsonObject(parsed.value) && typeof parsed.value.model === 'string' ? parsed.value.model : undefined;
}
