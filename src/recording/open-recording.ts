import type { Config } from '../config/load-config.js';
import type { Logger } from '../observability/logger.js';
import { openReadyStore } from '../store/open-ready-store.js';
import { purgeOlderThan } from '../store/purge-older-than.js';
import type { Store } from '../store/store.js';
import { writeCalls } from '../store/write-calls.js';
import { redactSecrets } from './redact.js';
import { createRecorder } from './create-recorder.js';
import type { Recorder } from './recorder.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const RETENTION_CHECK_MS = 60 * 60 * 1000;

/** The store and the recorder that feeds it, with the retention schedule; closed together. */
export interface Recording {
  readonly store: Store;
  readonly recorder: Recorder;
  close(): Promise<void>;
}

/**
 * Opens the store (migrating the embedded SQLite file, checking a shared Postgres) and starts the
 * recorder in front of it. A schema problem stops start-up here, with the command to run; a database
 * that fails later only degrades recording (see recorder.ts).
 */
export async function openRecording(config: Config, logger: Logger): Promise<Recording> {
  const store = await openReadyStore(config, {
    // Another process holding the SQLite write lock must not stall every request in flight.
    busyTimeoutMs: 10,
    onPoolError: (error) => logger.warn({ err: redactSecrets(error.message) }, 'database connection lost; recording retries'),
  });
  const sink = {
    async write(batch: Parameters<typeof writeCalls>[1]): Promise<void> {
      await writeCalls(store, batch);
    },
  };
  const recorder = createRecorder(config, sink, logger);
  const retention = config.RETENTION_DAYS === undefined ? undefined : startRetention(store, config.RETENTION_DAYS, logger);
  logger.info({ database: store.location, dialect: store.dialect, retentionDays: config.RETENTION_DAYS ?? null }, 'recording calls');
  return {
    store,
    recorder,
    async close() {
      if (retention !== undefined) clearInterval(retention);
      const status = await recorder.close();
      if (status.queueDepth > 0 || status.dropped > 0) logger.warn({ recorder: status }, 'recorder closed with records unwritten');
      await store.close();
    },
  };
}

/** Purges calls past the retention period now and every hour; a failure is logged and retried next hour. */
function startRetention(store: Store, days: number, logger: Logger): NodeJS.Timeout {
  const purge = async () => {
    try {
      const deleted = await purgeOlderThan(store, Date.now() - days * DAY_MS);
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
