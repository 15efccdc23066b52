import { existsSync } from 'node:fs';
import SqliteDatabase from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closedAfterEach } from '../helpers/closed-after.js';
import { waitFor } from '../integration/support/wait-for.js';
import { startClosableGateway } from './support/start-closable-gateway.js';
import { makeImmutable } from './support/make-immutable.js';
import { readyWhen } from './support/read-ready.js';
import { namesOfCalls, recordedCallIdsOnce, sessionCallCount } from './support/recorded-calls.js';
import { sendServedCalls } from './support/served-call.js';
import { openTestDatabase } from './support/test-database.js';

// Closed newest first: the file is made writable again before the gateway closes (and flushes).
const openDatabase = closedAfterEach(() => openTestDatabase('sqlite', undefined));
const startGateway = closedAfterEach(startClosableGateway);
const immutable = closedAfterEach(makeImmutable);

describe('the SQLite file becomes unwritable in the middle of traffic', () => {
  it('serves every call, says degraded, and records every call exactly once when it is writable again', { timeout: 60_000 }, async () => {
    const database = await openDatabase();
    const dataDir = database.env.DATA_DIR ?? '';
    const gateway = await startGateway({ ...database.env, RECORDER_FLUSH_MS: '20' });
    const session = 'unwritable-sqlite';

    const before = await sendServedCalls(gateway.url, 0, 10, session);
    const recordedBefore = await waitFor(recordedCallIdsOnce(database.observer, before.length), 10_000, 'the calls before the fault recorded');

    // In WAL mode every commit writes to the -wal file first: with it immutable each one fails
    // (SQLITE_IOERR_WRITE) while reads still work. (The -shm file is memory-mapped: an immutable one
    // would crash the process with SIGBUS, a fault of the test's making, not one to test.)
    const wal = join(dataDir, 'luthien.db-wal');
    expect(existsSync(wal)).toBe(true);
    const unwritable = await immutable(wal);
    const during = await sendServedCalls(gateway.url, 10, 20, session);
    const outage = await waitFor(
      readyWhen(gateway.url, (ready) => ready.body.components.recorder.state === 'degraded'),
      10_000,
      '/ready to report the recorder degraded',
    );
    expect(outage.httpStatus).toBe(200);
    expect(outage.body.status).toBe('degraded');
    expect(outage.body.components.recorder).toMatchObject({ state: 'degraded', queueDepth: during.length, dropped: 0, written: before.length });

    await unwritable.close();
    const after = await sendServedCalls(gateway.url, 20, 25, session);
    const all = [...before, ...during, ...after];
    const names = namesOfCalls({ before, during, after });
    expect(names(recordedBefore)).toEqual(names(before.map((call) => call.callId)));
    const recorded = await waitFor(recordedCallIdsOnce(database.observer, all.length), 30_000, 'every call recorded once the file is writable');
    expect(names(recorded)).toEqual(names(all.map((call) => call.callId)));
    expect(await sessionCallCount(database.observer, session)).toBe(all.length);
    const recovered = await waitFor(readyWhen(gateway.url, (ready) => ready.body.status === 'ok'), 10_000, '/ready back to ok');
    expect(recovered.body.components.recorder).toMatchObject({ state: 'ok', queueDepth: 0, dropped: 0, written: all.length });
  });

  it('serves every call while another process holds the write lock, and records them once it is released', { timeout: 60_000 }, async () => {
    const database = await openDatabase();
    const gateway = await startGateway({ ...database.env, RECORDER_FLUSH_MS: '20' });
    const session = 'locked-sqlite';
    const before = await sendServedCalls(gateway.url, 0, 5, session);
    await waitFor(recordedCallIdsOnce(database.observer, before.length), 10_000, 'the calls before the lock recorded');

    // What `luthien db purge` does from another process: a write transaction holding the lock.
    const other = new SqliteDatabase(join(database.env.DATA_DIR ?? '', 'luthien.db'));
    other.prepare('BEGIN IMMEDIATE').run();
    let during: Awaited<ReturnType<typeof sendServedCalls>>;
    try {
      during = await sendServedCalls(gateway.url, 5, 15, session);
      const locked = await waitFor(
        readyWhen(gateway.url, (ready) => ready.body.components.recorder.lastError?.includes('locked') === true),
        10_000,
        'the recorder to meet the lock',
      );
      expect(locked.httpStatus).toBe(200);
      expect(locked.body.components.recorder).toMatchObject({ state: 'degraded', queueDepth: during.length, dropped: 0 });
    } finally {
      other.prepare('COMMIT').run();
      other.close();
    }
    const all = [...before, ...during];
    const names = namesOfCalls({ before, during, after: [] });
    const recorded = await waitFor(recordedCallIdsOnce(database.observer, all.length), 30_000, 'every call recorded once the lock is released');
    expect(names(recorded)).toEqual(names(all.map((call) => call.callId)));
  });
});
