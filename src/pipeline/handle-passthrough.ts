import { pipeline } from 'node:stream/promises';
import { ProxyError } from '../core/proxy-error.js';
import type { FormatCodec } from '../formats/format-codec.js';
import type { Logger } from '../observability/logger.js';
import { forwardRequestHeaders, forwardResponseHeaders } from '../upstream/forward-headers.js';
import { credentialHeaders, resolveCredential, type CredentialSettings } from '../upstream/resolve-credential.js';
import type { UpstreamBase } from '../upstream/upstream-base.js';
import type { UpstreamClient } from '../upstream/upstream-client.js';
import { elapsed, startCall } from './call-state.js';
import type { HttpExchange } from './http-exchange.js';
import { sendProxyError } from './send-error.js';

export interface PassthroughTarget {
  readonly codec: FormatCodec;
  readonly upstream: UpstreamBase;
  readonly credentials: CredentialSettings;
}

/**
 * Any other API path (`/v1/messages/count_tokens`, `/v1/models`, ones we have never heard of): same
 * authentication, no policies, bodies streamed both ways untouched.
 */
export async function handlePassthrough(
  deps: { readonly upstream: UpstreamClient; readonly logger: Logger },
  target: PassthroughTarget,
  exchange: HttpExchange,
): Promise<void> {
  const { req, res, body } = exchange;
  const state = startCall(exchange.callId, target.codec, res, deps.logger);
  try {
    const credential = resolveCredential(req.headers, target.credentials);
    if (ProxyError.isInstance(credential)) {
      state.outcome = 'rejected';
      sendProxyError(state, credential);
      return;
    }
    const method = req.method ?? 'GET';
    const upstream = await deps.upstream.send({
      origin: target.upstream.origin,
      path: target.upstream.basePath + (req.url ?? '/'),
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
    deps.logger.info({ callId: state.callId, path: req.url, method: req.method, status: state.status, outcome: state.outcome, timings: state.timings }, 'passthrough');
  }
}
