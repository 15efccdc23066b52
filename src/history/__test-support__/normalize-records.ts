import type { CallRecord } from '../../core/call-record.js';

/** A fixed start (2026-11-25T10:00:00Z) for golden output; each call one second after the previous. */
const baseTime = Date.UTC(2026, 10, 25, 10, 0, 0);

/**
 * Records in the order they were received, with what varies from run to run made fixed: call ids
 * (`call-01`…), times, and the loopback ports that error messages may name.
 */
export function normalizeRecords(records: readonly CallRecord[]): CallRecord[] {
  return [...records]
    .sort((a, b) => a.receivedAt - b.receivedAt)
    .map((record, index) => ({
      ...record,
      callId: `call-${String(index + 1).padStart(2, '0')}`,
      receivedAt: baseTime + index * 1000,
      timings: { done: 100 },
      policyEvents: record.policyEvents.map((event) => ({ ...event, at: 0 })),
      error: record.error === undefined ? undefined : { ...record.error, message: record.error.message.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT') },
    }));
}
