import type { FastifyInstance } from 'fastify';

/** `/`: Claude Code preconnects with `HEAD /`; a GET says what this is. `/health`: liveness. */
export function rootRoutes(app: FastifyInstance, version: string): void {
  app.head('/', (_request, reply) => reply.code(200).send());
  app.get('/', (_request, reply) => reply.send({ name: 'luthien', version, endpoints: ['/v1/messages', '/v1/*', '/health'] }));
  app.get('/health', (_request, reply) => reply.send({ status: 'ok', version }));
}
