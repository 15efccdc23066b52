import type { FastifyInstance } from 'fastify';
import { ProxyError } from '../../core/proxy-error.js';
import { anthropicCodec } from '../../formats/anthropic/anthropic-codec.js';
import { handleModelCall, type Backend, type ModelCallDeps } from '../../pipeline/handle-model-call.js';
import { isJsonContentType } from '../is-json-content-type.js';
import { replyWithError } from '../render-http-error.js';

/** `POST /v1/messages`: the Anthropic Messages API, with the policy chain in the path. */
export function anthropicMessagesRoute(app: FastifyInstance, deps: ModelCallDeps, backend: Backend): void {
  app.post('/v1/messages', async (request, reply) => {
    if (!isJsonContentType(request.headers['content-type'])) {
      return replyWithError(reply, anthropicCodec, new ProxyError('LUTHIEN_UNSUPPORTED_CONTENT_TYPE', `expected application/json, got ${request.headers['content-type'] ?? 'none'}`));
    }
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    reply.hijack();
    await handleModelCall(deps, backend, { callId: request.id, req: request.raw, res: reply.raw, body });
  });
}
