import { DEFAULT_MIGRATION_TABLE, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { checkSchema } from '../../src/store/check-schema.js';
import { migrateToLatest } from '../../src/store/migrate-to-latest.js';
import { migrationsFor } from '../../src/store/migrations/migrations-for.js';
import { openReadyStore } from '../../src/store/open-ready-store.js';
import { StoreSchemaError } from '../../src/store/store-schema-error.js';
import { openTestStore, type TestStore } from '../helpers/open-test-store.js';

const dialects = ['sqlite', 'postgres'] as const;

describe.each(dialects)('store schema on %s', (dialect) => {
  let test: TestStore | undefined;
  afterEach(async () => {
    await test?.dispose();
    test = undefined;
  });

  it('is behind on an empty database, names every migration, and says what to run', async () => {
    test = await openTestStore(dialect, { migrate: false });
    const state = await checkSchema(test.store);
    expect(state).toMatchObject({ state: 'behind', pending: Object.keys(migrationsFor(dialect)) });
    expect(state.state === 'behind' && state.message).toContain('luthien db migrate');
  });

  it('migrates up once, creating every table; a second run applies nothing', async () => {
    test = await openTestStore(dialect, { migrate: false });
    expect(await migrateToLatest(test.store)).toEqual(Object.keys(migrationsFor(dialect)));
    expect(Object.keys(migrationsFor(dialect))).toEqual(expect.arrayContaining(['0001-initial', '0002-policy-config', '0003-request-parts', '0004-no-model-index', '0005-part-numbers']));
    expect(await checkSchema(test.store)).toEqual({ state: 'ok' });
    const tables = (await test.store.db.introspection.getTables()).map((table) => table.name);
    expect(tables).toEqual(expect.arrayContaining(['calls', 'policy_events', 'sessions', 'policy_configs', ...(dialect === 'sqlite' ? ['calls_fts'] : [])]));
    expect(await migrateToLatest(test.store)).toEqual([]);
  });

  it('reports a database migrated by a newer version as ahead', async () => {
    test = await openTestStore(dialect);
    await sql`INSERT INTO ${sql.table(DEFAULT_MIGRATION_TABLE)} (name, timestamp) VALUES ('9999-from-the-future', '2030-01-01T00:00:00.000Z')`.execute(test.store.db);
    const state = await checkSchema(test.store);
    expect(state).toMatchObject({ state: 'ahead', unknown: ['9999-from-the-future'] });
    expect(state.state === 'ahead' && state.message).toMatch(/newer version of Luthien/);
    await expect(openReadyStore(test.config)).rejects.toThrow(StoreSchemaError);
  });

  it('is ready at start-up once migrated', async () => {
    test = await openTestStore(dialect);
    const ready = await openReadyStore(test.config);
    try {
      expect(await checkSchema(ready)).toEqual({ state: 'ok' });
    } finally {
      await ready.close();
    }
  });
});

describe('start-up on a database that is behind', () => {
  let test: TestStore | undefined;
  afterEach(async () => {
    await test?.dispose();
    test = undefined;
  });

  it('migrates the embedded SQLite file by itself', async () => {
    test = await openTestStore('sqlite', { migrate: false });
    const ready = await openReadyStore(test.config);
    try {
      expect(await checkSchema(ready)).toEqual({ state: 'ok' });
    } finally {
      await ready.close();
    }
  });

  it('refuses Postgres with a message that says to run `luthien db migrate`, and changes nothing', async () => {
    test = await openTestStore('postgres', { migrate: false });
    const failure = openReadyStore(test.config);
    await expect(failure).rejects.toThrow(StoreSchemaError);
    await expect(failure).rejects.toThrow(/Run `luthien db migrate` with the same DATABASE_URL/);
    expect(await checkSchema(test.store)).toMatchObject({ state: 'behind' });
  });
});
