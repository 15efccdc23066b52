import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest } from '../../../src/store/migrate-to-latest.js';
import { openStore } from '../../../src/store/open-store.js';
import type { Store, StoreDialect } from '../../../src/store/store.js';
import type { StoreConfig } from '../../../src/store/store-config.js';
import { createTestDatabase } from '../../helpers/create-test-database.js';
import { startPostgres, type PostgresServer } from '../../helpers/start-postgres.js';

/** A migrated database the gateways under test record into, and the test's own view of it. */
export interface TestDatabase {
  /** The settings that point a gateway at it (`DATA_DIR` or `DATABASE_URL`). */
  readonly env: Readonly<Record<string, string>>;
  /** The test's own connection, to read what the gateways wrote. */
  readonly observer: Store;
  close(): Promise<void>;
}

const storeSettings = { DATABASE_POOL_SIZE: 2, DATABASE_CONNECT_TIMEOUT_MS: 1000, DATABASE_STATEMENT_TIMEOUT_MS: 10_000 };

/**
 * A fresh migrated database: a new database on the Postgres server at `serverUrl`, or a SQLite file in
 * a new temporary directory that every gateway given `env` shares.
 */
export async function openTestDatabase(dialect: StoreDialect, serverUrl: string | undefined): Promise<TestDatabase> {
  const databaseUrl = dialect === 'postgres' ? await createTestDatabase(serverUrl ?? missing()) : undefined;
  const dataDir = await mkdtemp(join(tmpdir(), 'luthien-faults-'));
  const config: StoreConfig = { DATA_DIR: dataDir, DATABASE_URL: databaseUrl, ...storeSettings };
  // The observer's idle connections die with a stopped server: the pool reports it here instead of
  // crashing the run, and reconnects once the server is back.
  const observer = openStore(config, { onPoolError: () => undefined });
  try {
    await migrateToLatest(observer);
  } catch (error) {
    await observer.close();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    env: databaseUrl === undefined ? { DATA_DIR: dataDir } : { DATABASE_URL: databaseUrl },
    observer,
    async close() {
      await observer.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function missing(): never {
  throw new Error('a Postgres database needs the server URL');
}

/** A Postgres server of the test's own (one it may stop) with a migrated database on it. */
export interface OwnPostgres extends TestDatabase {
  readonly server: PostgresServer;
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const server = await startPostgres();
  let database: TestDatabase;
  try {
    database = await openTestDatabase('postgres', server.url);
  } catch (error) {
    await server.dispose();
    throw error;
  }
  return {
    ...database,
    server,
    async close() {
      await database.close();
      await server.dispose();
    },
  };
}
