import type { WorkerBatch } from './worker-record.js';

/** A record of a batch as the worker reads it: its JSON text, and the bytes that travelled beside it. */
export interface TravelledRecord {
  readonly json: string;
  /** The original request's bytes, if it travelled as them. */
  readonly request: Buffer | undefined;
  /** The upstream's body, if the response travelled as it. */
  readonly response: Buffer | undefined;
}

/**
 * The records of a batch the worker received, each with its own bytes (views, not copies). The JSON
 * text is decoded as UTF-8: JSON.stringify wrote it, and escapes any lone surrogate, so it is well formed.
 */
export function travelledRecords(batch: WorkerBatch): TravelledRecord[] {
  const bytes = Buffer.from(batch.bytes);
  const slice = (end: number, start: number): Buffer | undefined => (end > start ? bytes.subarray(start, end) : undefined);
  const records: TravelledRecord[] = [];
  for (let index = 0; index + 2 < batch.ends.length; index += 3) {
    const start = index === 0 ? 0 : (batch.ends[index - 1] ?? 0);
    const jsonEnd = batch.ends[index] ?? start;
    const requestEnd = batch.ends[index + 1] ?? jsonEnd;
    const responseEnd = batch.ends[index + 2] ?? requestEnd;
    records.push({ json: bytes.toString('utf8', start, jsonEnd), request: slice(requestEnd, jsonEnd), response: slice(responseEnd, requestEnd) });
  }
  return records;
}
