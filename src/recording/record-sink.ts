import type { CallRecord } from '../core/call-record.js';
import type { SkippedRecord } from './worker-messages.js';

/**
 * Where the recorder's batches go (the store, directly or through the recording worker). A write
 * either lands the whole batch, less the records it reports skipped, or rejects. The recorder retries a
 * batch whose write failed or timed out, and a timed-out write may still land later, so a sink must be
 * idempotent by `callId` (insert-or-ignore).
 */
export interface RecordSink {
  /** Resolves once the batch has landed, with the records it left out (undefined: none). */
  write(batch: readonly CallRecord[]): Promise<SinkWriteResult | undefined>;
  /**
   * True when the sink redacts records itself (the worker does, off the main thread): the recorder
   * then hands them on as the pipeline made them. Otherwise the recorder redacts them first.
   */
  readonly redacts?: boolean;
  /**
   * The record as it should wait in the recorder's queue, when the sink needs less of it than the
   * pipeline made (the worker needs a request's bytes, not its parsed object). Identity otherwise.
   */
  waiting?(record: CallRecord): CallRecord;
}

export interface SinkWriteResult {
  /** Records that could not be prepared for storing: left out, and counted as dropped. */
  readonly skipped: readonly SkippedRecord[];
}
