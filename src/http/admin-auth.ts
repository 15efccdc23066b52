import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProxyError } from '../core/proxy-error.js';
import { constantTimeEqual, readClientCredentials } from '../upstream/resolve-credential.js';

/** Admin API errors: their own small shape, since no model client reads them. */
export function replyWithAdminError(reply: FastifyReply, error: ProxyError): FastifyReply {
  return reply.code(error.status).header('content-type', 'application/json').send(JSON.stringify({ error: { code: error.code, message: error.message } }));
}

/**
 * A Fastify `onRequest` hook that admits only holders of `ADMIN_API_KEY` (Bearer or `x-api-key`,
 * compared in constant time). Without a configured key every request is refused: the admin APIs
 * expose every recorded conversation, so they are never open by default, not even on localhost.
 */
export function requireAdmin(adminKey: string | undefined) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (adminKey === undefined) {
      await replyWithAdminError(reply, new ProxyError('LUTHIEN_ADMIN_CLOSED'));
      return;
    }
    const presented = readClientCredentials(request.headers);
    if (!presented.some((credential) => constantTimeEqual(credential.value, adminKey))) {
      await replyWithAdminError(reply, new ProxyError('LUTHIEN_ADMIN_KEY_INVALID'));
    }
  };
}
