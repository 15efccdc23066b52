import type { WorkerBatch } from './worker-record.js';

/** A record of a batch as the worker reads it: its JSON text, and the bytes that travelled beside it. */
export interface TravelledRecord {
  readonly json: string;
  /** The original request's bytes, if it travelled as them. */
  readonly request: Buffer | undefined;
  /** The upstream's body, if the response travelled as it. */
  readonly response: Buffer | undefined;
}

/** The records of a batch the worker received, each with its own bytes (views, not copies). */
export function travelledRecords(batch: WorkerBatch): TravelledRecord[] {
  const bytes = Buffer.from(batch.bytes);
  const slice = (end: number, start: number): Buffer | undefined => (end > start ? bytes.subarray(start, end) : undefined);
  return batch.records.map((json, index) => {
    const start = index === 0 ? 0 : (batch.ends[2 * index - 1] ?? 0);
    const requestEnd = batch.ends[2 * index] ?? start;
    const responseEnd = batch.ends[2 * index + 1] ?? requestEnd;
    return { json, request: slice(requestEnd, start), response: slice(responseEnd, requestEnd) };
  });
}
