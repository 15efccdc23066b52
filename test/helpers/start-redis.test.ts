import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { startRedis } from './start-redis.js';

describe('startRedis', () => {
  it('runs a server that can be stopped and started again on the same port, empty', async () => {
    const server = await startRedis();
    const client = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      await client.connect();
      await client.set('k', 'v');
      expect(await client.get('k')).toBe('v');
      await server.stop();
      expect(server.running).toBe(false);
      await server.start();
      expect(server.running).toBe(true);
      const again = new Redis(server.url, { maxRetriesPerRequest: 0 });
      try {
        // No persistence: a restarted server starts empty.
        expect(await again.get('k')).toBeNull();
      } finally {
        again.disconnect();
      }
    } finally {
      client.disconnect();
      await server.close();
    }
    expect(server.running).toBe(false);
  });

  it('fails loudly when redis-server is not installed', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(startRedis()).rejects.toThrow(/redis-server is not installed/);
    } finally {
      process.env.PATH = path;
    }
  });
});
