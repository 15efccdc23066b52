import type { FastifyInstance } from 'fastify';
import { handlePassthrough, type PassthroughDeps } from '../../pipeline/handle-passthrough.js';

const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

/** Every other `/v1/*` path: forwarded with the same authentication, policies bypassed. */
export function v1PassthroughRoute(app: FastifyInstance, deps: PassthroughDeps): void {
  app.route({
    method: [...methods],
    url: '/v1/*',
    handler: async (request, reply) => {
      const body = Buffer.isBuffer(request.body) ? request.body : undefined;
      reply.hijack();
      await handlePassthrough(deps, { callId: request.id, req: request.raw, res: reply.raw, body });
    },
  });
}
