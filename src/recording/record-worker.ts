import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../store/open-store.js';
import { purgeOlderThan } from '../store/purge-older-than.js';
import type { CallToStore } from '../store/request-in-parts.js';
import type { Store } from '../store/store.js';
import { writeCalls } from '../store/write-calls.js';
import { nameThread, recorderThreadName } from './name-thread.js';
import { recordFromRow } from './record-row.js';
import { recordToStore } from './record-to-store.js';
import { runThreadWhenIdle } from './run-thread-when-idle.js';
import { redactSecrets } from './redact.js';
import { travelledRecords } from './travelled-records.js';
import type { FromRecordWorker, RecordWorkerData, SkippedRecord, ToRecordWorker } from './worker-messages.js';
import type { WorkerRecord } from './worker-record.js';

/**
 * The recording worker thread (started by `WorkerSink`): it owns its own database connection and does
 * the heavy part of recording, off the main thread that serves requests: splitting or parsing the
 * requests it is sent as bytes, redaction, serialisation and the batched writes (better-sqlite3 is
 * synchronous, and blocked the event loop for the whole of each batch). Messages are answered as they
 * come, concurrently like the writes the recorder retries after a timeout; the connection serialises
 * what must be.
 */

const port = parentPort;
if (port === null) throw new Error('record-worker.ts runs as a worker thread (see worker-sink.ts)');
const data = workerData as RecordWorkerData;

// What `top -H` and the bench show this thread as (every thread of a Node process is `node` otherwise).
nameThread(recorderThreadName);

let store: Store | undefined;

function post(message: FromRecordWorker): void {
  port?.postMessage(message);
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Below the threads that serve requests, so that recording takes the CPU they leave and catches up
 * when they are idle, rather than competing with them (the queue holds the difference, up to its
 * bound). Linux only: there a nice value and a policy are a thread's own, while elsewhere
 * `setPriority` would lower the whole process. The nice value first (`RECORDER_WORKER_NICE`, 10 by
 * default), which is what stays if SCHED_IDLE (`RECORDER_WORKER_SCHEDULING=idle`, the default)
 * cannot be set.
 */
if (process.platform === 'linux') {
  if (data.nice > 0) {
    try {
      setPriority(data.nice);
    } catch {
      // Not permitted (a seccomp profile, say): the worker runs at the process's priority.
    }
  }
  if (data.scheduling === 'idle') {
    runThreadWhenIdle().catch((error: unknown) => {
      post({ type: 'warn', message: `recording runs at nice ${data.nice}, not under SCHED_IDLE (RECORDER_WORKER_SCHEDULING=idle): ${errorText(error)}` });
    });
  }
}

/** Opened on first use, so a database that cannot be opened fails the write (and is retried) rather than the thread. */
function openedStore(): Store {
  store ??= openStore(data.store, {
    busyTimeoutMs: data.busyTimeoutMs,
    onPoolError: (error) => post({ type: 'warn', message: `database connection lost; recording retries: ${redactSecrets(error.message)}` }),
  });
  return store;
}

async function write(message: Extract<ToRecordWorker, { type: 'write' }>): Promise<readonly SkippedRecord[]> {
  const target = openedStore();
  // SQLite keeps requests in parts (store/request-in-parts.ts); Postgres would only join them again.
  const inParts = target.dialect === 'sqlite';
  const records: CallToStore[] = [];
  const skipped: SkippedRecord[] = [];
  for (const travelled of travelledRecords(message)) {
    let record: WorkerRecord | undefined;
    try {
      record = recordFromRow(travelled.json, travelled.shared);
      records.push(recordToStore(record, travelled, inParts));
    } catch (error) {
      // The main thread wrote the row with JSON.stringify: only a record's own content fails here.
      skipped.push({ callId: record?.callId ?? 'unknown', reason: errorText(error) });
    }
  }
  await writeCalls(target, records);
  return skipped;
}

async function handle(message: ToRecordWorker): Promise<void> {
  switch (message.type) {
    case 'write':
      try {
        post({ type: 'written', id: message.id, skipped: await write(message) });
      } catch (error) {
        post({ type: 'failed', id: message.id, message: errorText(error) });
      }
      return;
    case 'purge':
      try {
        post({ type: 'purged', id: message.id, deleted: await purgeOlderThan(openedStore(), message.before) });
      } catch (error) {
        post({ type: 'failed', id: message.id, message: errorText(error) });
      }
      return;
    case 'close':
      // The main thread terminates the thread on `closed`, or at its deadline if closing hangs.
      await store?.close().catch(() => undefined);
      store = undefined;
      post({ type: 'closed' });
  }
}

port.on('message', (message: ToRecordWorker) => void handle(message));
// Its modules are loaded: a batch sent now is written without waiting for them.
post({ type: 'loaded' });
