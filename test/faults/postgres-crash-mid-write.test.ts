import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { closedAfterEach } from '../helpers/closed-after.js';
import { waitFor } from '../integration/support/wait-for.js';
import { readReady } from './support/read-ready.js';
import { namesOfCalls, recordedCallIdsOnce, sessionCallCount } from './support/recorded-calls.js';
import { sendServedCall, type ServedCall } from './support/served-call.js';
import { startServeProcess, type ServeProcess } from './support/start-serve-process.js';
import { startOwnPostgres } from './support/test-database.js';

const startPostgres = closedAfterEach(startOwnPostgres);
const startServe = closedAfterEach(startServeProcess);

/** A connection of the test's holding a table lock (until the server goes), so the gateway's next write waits on it. */
async function lockTable(databaseUrl: string, table: string): Promise<{ close(): Promise<void> }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  // It dies with the server: that is expected, not an error of the test.
  client.on('error', () => undefined);
  let ended = false;
  client.on('end', () => (ended = true));
  await client.connect();
  await client.query('BEGIN');
  await client.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
  return { close: () => (ended ? Promise.resolve() : client.end().catch(() => undefined)) };
}
const startLock = closedAfterEach(lockTable);

/** Sends a call; if the gateway process has died instead, fails with how it died. */
async function callSurvived(gateway: ServeProcess, index: number, session: string): Promise<ServedCall> {
  try {
    return await sendServedCall(gateway.url, index, session);
  } catch (error) {
    const exit = await waitFor(() => gateway.exited(), 2_000, 'the gateway to exit').catch(() => undefined);
    if (exit !== undefined) throw new Error(`the gateway process exited (${exit}) after the database crashed; its output:\n${gateway.output()}`, { cause: error });
    throw error;
  }
}

describe('the database crashes while a recorder write is in flight (Postgres)', () => {
  it('does not take the gateway down; the write is retried once the database is back', { timeout: 120_000 }, async () => {
    const database = await startPostgres();
    const gateway = await startServe({ ...database.env, RECORDER_FLUSH_MS: '20', DATABASE_CONNECT_TIMEOUT_MS: '1000' });
    const session = 'crash-mid-write';
    const databaseUrl = database.env.DATABASE_URL ?? '';

    const first = await callSurvived(gateway, 0, session);
    await waitFor(recordedCallIdsOnce(database.observer, 1), 10_000, 'the first call recorded');

    // The next write blocks on the lock, its connection checked out of the gateway's pool mid-query.
    await startLock(databaseUrl, 'calls');
    const blocked = await callSurvived(gateway, 1, session);
    await waitFor(
      async () => {
        // From another connection than the lock's: a transaction sees one snapshot of the statistics.
        const { rows } = await sql<{ waiting: number }>`SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE 'insert into "calls"%'`.execute(database.observer.db);
        return (rows[0]?.waiting ?? 0) > 0 ? true : undefined;
      },
      10_000,
      'the recorder write to wait on the lock',
    );

    await database.server.stop('immediate');
    const during = [await callSurvived(gateway, 2, session), await callSurvived(gateway, 3, session)];
    expect(gateway.exited()).toBeUndefined();
    const ready = await readReady(gateway.url);
    expect(ready.httpStatus).toBe(200);
    expect(ready.body.components.database.state).toBe('down');

    await database.server.start();
    const all = [first, blocked, ...during];
    const names = namesOfCalls({ first: [first], blocked: [blocked], during });
    const recorded = await waitFor(recordedCallIdsOnce(database.observer, all.length), 30_000, 'every call recorded after the restart');
    expect(names(recorded)).toEqual(names(all.map((call) => call.callId)));
    expect(await sessionCallCount(database.observer, session)).toBe(all.length);
    expect(gateway.exited()).toBeUndefined();
  });
});
