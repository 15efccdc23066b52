import type { SharedFields, WorkerBatch } from './worker-record.js';
import { segmentsPerRecord } from './worker-record.js';

/** A record of a batch as the worker reads it: its row's JSON text, its shared fields, and the bytes that travelled beside it. */
export interface TravelledRecord {
  /** Its row (record-row.ts). */
  readonly json: string;
  /** The fields it shares with its session's calls; undefined only if the batch was malformed. */
  readonly shared: SharedFields | undefined;
  /** Its request headers' JSON text (from its shared fields). */
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
    const requestEnd = batch.ends[index + 1] ?? jsonEnd;
    const responseEnd = batch.ends[index + 2] ?? requestEnd;
    const shared = batch.shared[batch.sharedOf[index / segmentsPerRecord] ?? -1];
    records.push({
      json: bytes.toString('utf8', start, jsonEnd),
      shared,
      headers: shared?.headersJson ?? '{}',
      request: slice(requestEnd, jsonEnd),
      response: slice(responseEnd, requestEnd),
    });
  }
  return records;
}
