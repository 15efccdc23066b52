import type { DeletionCounts } from '../store/deletion-counts.js';
import type { StoreConfig } from '../store/store-config.js';
import type { WorkerBatch } from './worker-record.js';

/** What the recording worker is started with. */
export interface RecordWorkerData {
  readonly store: StoreConfig;
  /** How long its SQLite statements wait for another connection's write lock. */
  readonly busyTimeoutMs: number;
  /** Linux: the thread's nice value (`RECORDER_WORKER_NICE`). */
  readonly nice: number;
  /** Linux: `idle` puts the thread under SCHED_IDLE, `nice` leaves it at its nice value (`RECORDER_WORKER_SCHEDULING`). */
  readonly scheduling: 'idle' | 'nice';
}

/** Main thread to worker. */
export type ToRecordWorker =
  | ({ readonly type: 'write'; readonly id: number } & WorkerBatch)
  | { readonly type: 'purge'; readonly id: number; readonly before: number }
  | { readonly type: 'close' };

/** A record the worker could not prepare (redact, parse): it is left out of its batch, and counted as dropped. */
export interface SkippedRecord {
  readonly callId: string;
  readonly reason: string;
}

/** Worker to main thread: `loaded` once it can take work; one answer per `write` and `purge`, by id; warnings; `closed` once its store is. */
export type FromRecordWorker =
  | { readonly type: 'loaded' }
  | { readonly type: 'written'; readonly id: number; readonly skipped: readonly SkippedRecord[] }
  | { readonly type: 'purged'; readonly id: number; readonly deleted: DeletionCounts }
  | { readonly type: 'failed'; readonly id: number; readonly message: string }
  | { readonly type: 'warn'; readonly message: string }
  | { readonly type: 'closed' };
