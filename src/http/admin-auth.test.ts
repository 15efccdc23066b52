import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { requireAdmin } from './admin-auth.js';

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function appWith(adminKey: string | undefined): Promise<FastifyInstance> {
  const app = Fastify();
  apps.push(app);
  await app.register((scope, _options, done) => {
    scope.addHook('onRequest', requireAdmin(adminKey));
    scope.get('/api/ping', () => ({ ok: true }));
    done();
  });
  return app;
}

describe('requireAdmin', () => {
  it('admits the admin key as a Bearer token or x-api-key', async () => {
    const app = await appWith('admin-secret');
    for (const headers of [{ authorization: 'Bearer admin-secret' }, { 'x-api-key': 'admin-secret' }, { authorization: 'bearer admin-secret', 'x-api-key': 'other' }]) {
      const response = await app.inject({ url: '/api/ping', headers });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ ok: true });
    }
  });

  it('refuses a missing or wrong key with 401, without echoing it', async () => {
    const app = await appWith('admin-secret');
    for (const headers of [{}, { authorization: 'Bearer admin-secre' }, { 'x-api-key': 'admin-secret-and-more' }, { authorization: 'Basic YWRtaW4tc2VjcmV0' }]) {
      const response = await app.inject({ url: '/api/ping', headers });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({ error: { code: 'LUTHIEN_ADMIN_KEY_INVALID', message: 'Missing or invalid admin key' } });
      expect(response.body).not.toContain('admin-secret');
    }
  });

  it('keeps the API closed when no key is configured, even from localhost', async () => {
    const app = await appWith(undefined);
    const response = await app.inject({ url: '/api/ping', remoteAddress: '127.0.0.1', headers: { authorization: 'Bearer anything' } });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ error: { code: 'LUTHIEN_ADMIN_CLOSED' } });
  });
});
