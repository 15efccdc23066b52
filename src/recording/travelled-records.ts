import { segmentsPerRecord, type WorkerBatch } from './worker-record.js';

/** A record of a batch as the worker reads it: its JSON text, and the bytes that travelled beside it. */
export interface TravelledRecord {
  readonly json: string;
  /** Its request headers' JSON text. */
  readonly headers: string;
  /** The original request's bytes, if it travelled as them. */
  readonly request: Buffer | undefined;
  /** The upstream's body, if the response travelled as it. */
  readonly response: Buffer | undefined;
}

/**
 * The records of a batch the worker received, each with its own bytes (views, not copies). The JSON
 * texts are decoded as UTF-8: JSON.stringify wrote them, and escapes any lone surrogate, so they are
 * well formed.
 */
export function travelledRecords(batch: WorkerBatch): TravelledRecord[] {
  const bytes = Buffer.from(batch.bytes);
  const slice = (end: number, start: number): Buffer | undefined => (end > start ? bytes.subarray(start, end) : undefined);
  const records: TravelledRecord[] = [];
  for (let index = 0; index + segmentsPerRecord <= batch.ends.length; index += segmentsPerRecord) {
    const start = index === 0 ? 0 : (batch.ends[index - 1] ?? 0);
    const jsonEnd = batch.ends[index] ?? start;
    const headersEnd = batch.ends[index + 1] ?? jsonEnd;
    const requestEnd = batch.ends[index + 2] ?? headersEnd;
    const responseEnd = batch.ends[index + 3] ?? requestEnd;
    records.push({
      json: bytes.toString('utf8', start, jsonEnd),
      headers: bytes.toString('utf8', jsonEnd, headersEnd),
      request: slice(requestEnd, headersEnd),
      response: slice(responseEnd, requestEnd),
    });
  }
  return records;
}
