import type { CallRecord } from '../core/call-record.js';

/**
 * Where the recorder's batches go (the store implements it). A write either lands the whole batch or
 * rejects. The recorder retries a batch whose write failed or timed out, and a timed-out write may
 * still land later, so a sink must be idempotent by `callId` (insert-or-ignore).
 */
export interface RecordSink {
  write(batch: readonly CallRecord[]): Promise<void>;
}
