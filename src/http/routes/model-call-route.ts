import type { FastifyInstance } from 'fastify';
import { ProxyError } from '../../core/proxy-error.js';
import type { FormatCodec } from '../../formats/format-codec.js';
import { handleModelCall, type ModelCallDeps } from '../../pipeline/handle-model-call.js';
import { isJsonContentType } from '../is-json-content-type.js';
import { replyWithError } from '../render-http-error.js';

/**
 * `POST <path>` for one model API (`/v1/messages`, `/v1/chat/completions`, `/v1/responses`), with
 * the policy chain in the path. The codec decides everything format-specific.
 */
export function modelCallRoute(app: FastifyInstance, path: string, codec: FormatCodec, deps: ModelCallDeps): void {
  app.post(path, async (request, reply) => {
    if (!isJsonContentType(request.headers['content-type'])) {
      return replyWithError(reply, codec, new ProxyError('LUTHIEN_UNSUPPORTED_CONTENT_TYPE', `expected application/json, got ${request.headers['content-type'] ?? 'none'}`));
    }
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    reply.hijack();
    await handleModelCall(deps, codec, { callId: request.id, req: request.raw, res: reply.raw, body });
  });
}
