import type { CallRecord } from '../core/call-record.js';
import type { SkippedRecord } from './worker-messages.js';

/**
 * Where the recorder's batches go: the recording worker, which redacts, serialises and writes them off
 * the main thread (worker-sink.ts). A write either lands the whole batch, less the records it reports
 * skipped, or rejects. The recorder retries a batch whose write failed or timed out, and a timed-out
 * write may still land later, so a sink must be idempotent by `callId` (insert-or-ignore). The sink
 * redacts what it keeps: the recorder hands records on as the pipeline made them.
 */
export interface RecordSink<Waiting extends { readonly callId: string } = CallRecord> {
  /**
   * The record as it waits in the recorder's queue, made when the call ends: as little as the sink
   * needs of it (the worker's: a JSON text and the request's bytes, in its slabs). Must not throw.
   */
  waiting(record: CallRecord): Waiting;
  /**
   * Resolves once the batch has landed, with the records it left out (undefined: none). `backlog` is
   * how many records wait in the queue behind it: a sink may work harder when it grows.
   */
  write(batch: readonly Waiting[], backlog: number): Promise<SinkWriteResult | undefined>;
  /**
   * The records have left the recorder for good, written or dropped, each exactly once: whatever the
   * sink lent them (the worker's: room in its slabs) can be reused. A batch whose write failed and is
   * retried has not left. Must not throw.
   */
  release?(records: readonly Waiting[]): void;
}

export interface SinkWriteResult {
  /** Records that could not be prepared for storing: left out, and counted as dropped. */
  readonly skipped: readonly SkippedRecord[];
}
