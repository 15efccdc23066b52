import type { Config } from '../config/load-config.js';
import type { Logger } from '../observability/logger.js';
import { openReadyStore } from '../store/open-ready-store.js';
import type { DeletionCounts } from '../store/deletion-counts.js';
import type { Store } from '../store/store.js';
import { redactSecrets } from './redact.js';
import { createRecorder } from './create-recorder.js';
import type { Recorder } from './recorder.js';
import type { WaitingRecord } from './worker-record.js';
import { WorkerSink } from './worker-sink.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const RETENTION_CHECK_MS = 60 * 60 * 1000;
/** Postgres connections of the recording worker: it writes one batch at a time (two when a write timed out). */
const WORKER_POOL_SIZE = 2;
/** The CLI's wait for another connection's SQLite lock; the worker can afford it, the request path waits for nothing. */
const WORKER_BUSY_TIMEOUT_MS = 5000;
/**
 * The main thread's wait for SQLite's write lock. Its connection reads (history API) and writes only on
 * rare admin actions, which now meet the worker's batches (a few to some tens of milliseconds each);
 * better-sqlite3 waits synchronously, so this is also the longest such an action can stall requests.
 */
const MAIN_BUSY_TIMEOUT_MS = 250;

/** The store and the recorder that feeds it, with the retention schedule; closed together. */
export interface Recording {
  readonly store: Store;
  readonly recorder: Recorder<WaitingRecord>;
  close(): Promise<void>;
}

/**
 * Opens the store (migrating the embedded SQLite file, checking a shared Postgres) and starts the
 * recorder in front of it, writing through a worker thread with a connection of its own
 * (docs/decisions/2026-11-26-recording-worker.md). A schema problem stops start-up here, with the
 * command to run; a database or worker that fails later only degrades recording (see recorder.ts).
 */
export async function openRecording(config: Config, logger: Logger): Promise<Recording> {
  // Under SCHED_IDLE a second worker catches up when the first falls behind (worker-sink.ts).
  const workers = config.RECORDER_WORKER_SCHEDULING === 'idle' ? 2 : 1;
  const workerPoolSize = Math.max(1, Math.min(WORKER_POOL_SIZE, Math.floor((config.DATABASE_POOL_SIZE - 1) / workers)));
  const store = await openReadyStore(
    // The configured pool is the instance's: the workers' connections come out of it.
    { ...config, DATABASE_POOL_SIZE: Math.max(1, config.DATABASE_POOL_SIZE - workers * workerPoolSize) },
    {
      busyTimeoutMs: MAIN_BUSY_TIMEOUT_MS,
      onPoolError: (error) => logger.warn({ err: redactSecrets(error.message) }, 'database connection lost'),
    },
  );
  const sink = new WorkerSink({
    data: {
      store: {
        DATA_DIR: config.DATA_DIR,
        DATABASE_URL: config.DATABASE_URL,
        DATABASE_POOL_SIZE: workerPoolSize,
        DATABASE_CONNECT_TIMEOUT_MS: config.DATABASE_CONNECT_TIMEOUT_MS,
        DATABASE_STATEMENT_TIMEOUT_MS: config.DATABASE_STATEMENT_TIMEOUT_MS,
      },
      // Below the write timeout, so a held lock is reported as such rather than as a timeout.
      busyTimeoutMs: Math.min(WORKER_BUSY_TIMEOUT_MS, Math.max(10, Math.floor(config.RECORDER_WRITE_TIMEOUT_MS / 2))),
      nice: config.RECORDER_WORKER_NICE,
      scheduling: config.RECORDER_WORKER_SCHEDULING,
    },
    // A quarter of the queue's bound behind: the rest leaves the catching-up worker room to work it off.
    catchUpBacklog: Math.max(config.RECORDER_BATCH_SIZE, Math.floor(config.RECORDER_QUEUE_MAX / 4)),
    logger,
  });
  sink.start();
  const recorder = createRecorder(config, sink, logger);
  const retention = config.RETENTION_DAYS === undefined ? undefined : startRetention((before) => sink.purge(before), config.RETENTION_DAYS, logger);
  logger.info({ database: store.location, dialect: store.dialect, retentionDays: config.RETENTION_DAYS ?? null }, 'recording calls');
  return {
    store,
    recorder,
    async close() {
      if (retention !== undefined) clearInterval(retention);
      const status = await recorder.close();
      if (status.queueDepth > 0 || status.dropped > 0) logger.warn({ recorder: status }, 'recorder closed with records unwritten');
      await sink.close();
      await store.close();
    },
  };
}

/**
 * Purges calls past the retention period now and every hour, in the recording worker (a large purge
 * must not hold the main thread, and it is where the writes are); a failure is logged and retried next hour.
 */
function startRetention(purgeBefore: (epochMs: number) => Promise<DeletionCounts>, days: number, logger: Logger): NodeJS.Timeout {
  const purge = async () => {
    try {
      const deleted = await purgeBefore(Date.now() - days * DAY_MS);
      if (deleted.calls > 0) logger.info({ deleted, retentionDays: days }, 'retention purge');
    } catch (error) {
      logger.warn({ err: redactSecrets(String(error)) }, 'retention purge failed; retrying in an hour');
    }
  };
  void purge();
  const timer = setInterval(() => void purge(), RETENTION_CHECK_MS);
  timer.unref();
  return timer;
}
