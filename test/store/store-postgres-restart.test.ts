import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { getCall } from '../../src/store/get-call.js';
import { migrateToLatest } from '../../src/store/migrate-to-latest.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { writeCalls } from '../../src/store/write-calls.js';
import { createTestDatabase } from '../helpers/create-test-database.js';
import { startPostgres, type PostgresServer } from '../helpers/start-postgres.js';
import { anthropicCall } from './support/sample-calls.js';

describe('a Postgres store across a server restart', () => {
  // Its own server: stopping the run's shared one would break the other files.
  let server: PostgresServer;
  let store: Store;
  // Whether an idle connection notices the crash before the next checkout is a race; either way the
  // error must land here (an 'error' event without a listener would fail the run as uncaught).
  const poolErrors: Error[] = [];

  beforeAll(async () => {
    server = await startPostgres();
    const url = await createTestDatabase(server.url);
    store = openStore(loadConfig({ DATABASE_URL: url, DATABASE_CONNECT_TIMEOUT_MS: '1000', DATA_DIR: '/nonexistent' }), { onPoolError: (error) => poolErrors.push(error) });
    await migrateToLatest(store);
  });
  afterAll(async () => {
    await store.close();
    await server.dispose();
  });

  it('fails writes while the server is down, without crashing, and writes again once it is back', async () => {
    await writeCalls(store, [anthropicCall({ callId: 'before' })]);
    // Idle pooled connections die with the server: the pool reports them instead of crashing the process.
    await server.stop('immediate');
    await expect(writeCalls(store, [anthropicCall({ callId: 'during' })])).rejects.toThrow();
    await server.start();
    expect(await writeCalls(store, [anthropicCall({ callId: 'during' }), anthropicCall({ callId: 'after' })])).toBe(2);
    for (const callId of ['before', 'during', 'after']) expect(await getCall(store, callId)).toMatchObject({ callId });
  });
});

describe('store settings', () => {
  it('choose Postgres for a postgres:// or postgresql:// URL and refuse other schemes', () => {
    for (const url of ['postgres://u:p@db.example:5432/luthien', 'postgresql://db.example/luthien']) {
      const config = loadConfig({ DATABASE_URL: url, DATA_DIR: '/nonexistent' });
      const store = openStore(config);
      expect(store.dialect).toBe('postgres');
      expect(store.location).not.toContain(':p@');
      void store.close();
    }
    expect(() => loadConfig({ DATABASE_URL: 'mysql://db.example/luthien' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ DATABASE_URL: 'sqlite:///tmp/x.db' })).toThrow(/DATABASE_URL/);
    expect(loadConfig({}).DATABASE_POOL_SIZE).toBe(10);
  });
});
