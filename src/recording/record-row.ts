import type { CallRecord } from '../core/call-record.js';
import type { SharedFields, WorkerRecord } from './worker-record.js';

/**
 * A record's own fields as they travel to the recording worker: a JSON array, by position, without
 * the fields its session's calls share (`SharedFields`, which travel once per batch). An absent value
 * travels as null.
 *
 * Why an array: the main thread writes one of these as each call ends, when little of what it reads
 * is still in the CPU's caches, and the text is most of what recording costs the thread that serves
 * requests. Without names and shared fields it is some 150 bytes instead of 650, and JSON.stringify
 * writes it in a third of the time.
 */
export type RecordRow = readonly [
  callId: string,
  stream: boolean,
  status: number,
  outcome: WorkerRecord['outcome'],
  stopReason: WorkerRecord['stopReason'],
  usage: WorkerRecord['usage'],
  receivedAt: number,
  /** The timings, in whole microseconds (`micros`). */
  upstreamHeaders: number | null,
  firstByteToClient: number | null,
  done: number | null,
  originalRequest: Exclude<WorkerRecord['originalRequest'], undefined> | null,
  finalRequest: Exclude<WorkerRecord['finalRequest'], undefined> | null,
  upstreamResponse: Exclude<WorkerRecord['upstreamResponse'], undefined> | null,
  clientResponse: Exclude<WorkerRecord['clientResponse'], undefined> | null,
  policyEvents: WorkerRecord['policyEvents'],
  error: Exclude<WorkerRecord['error'], undefined> | null,
];

/** What of a record travels in its row: its own fields, the requests and responses as they travel. */
export type RowFields = Pick<CallRecord, 'callId' | 'stream' | 'status' | 'outcome' | 'stopReason' | 'usage' | 'receivedAt' | 'timings' | 'policyEvents' | 'error'> &
  Pick<WorkerRecord, 'originalRequest' | 'finalRequest' | 'upstreamResponse' | 'clientResponse'>;

/**
 * The row's JSON text. Never throws: a policy event whose data JSON cannot hold (a cycle, a BigInt)
 * is written as JSON can.
 */
export function recordRow(fields: RowFields): string {
  const { timings } = fields;
  // JSON writes an undefined array element as null, as the row wants it.
  const row = [
    fields.callId,
    fields.stream,
    fields.status,
    fields.outcome,
    fields.stopReason,
    fields.usage,
    fields.receivedAt,
    micros(timings.upstreamHeaders),
    micros(timings.firstByteToClient),
    micros(timings.done),
    fields.originalRequest,
    fields.finalRequest,
    fields.upstreamResponse,
    fields.clientResponse,
    fields.policyEvents,
    fields.error,
  ];
  try {
    return JSON.stringify(row);
  } catch {
    return JSON.stringify(row, jsonSafe());
  }
}

/** The record a row and its session's fields make, in the worker. Throws when the text is not a row. */
export function recordFromRow(json: string, shared: SharedFields | undefined): WorkerRecord {
  const row: unknown = JSON.parse(json);
  if (!Array.isArray(row) || row.length !== rowLength || typeof row[0] !== 'string') throw new Error('a record travelled in a shape the worker does not know');
  if (shared === undefined) throw new Error(`record ${row[0]} travelled without its session's fields`);
  const [callId, stream, status, outcome, stopReason, usage, receivedAt, upstreamHeaders, firstByteToClient, done, originalRequest, finalRequest, upstreamResponse, clientResponse, policyEvents, error] = row as unknown as RecordRow;
  return {
    callId,
    sessionId: shared.sessionId,
    userId: shared.userId,
    format: shared.format,
    backend: shared.backend,
    model: shared.model,
    stream,
    status,
    outcome,
    stopReason,
    usage,
    receivedAt,
    timings: { upstreamHeaders: millis(upstreamHeaders), firstByteToClient: millis(firstByteToClient), done: millis(done) },
    originalRequest: originalRequest ?? undefined,
    finalRequest: finalRequest ?? undefined,
    userText: shared.userText,
    upstreamResponse: upstreamResponse ?? undefined,
    clientResponse: clientResponse ?? undefined,
    policyEvents,
    error: error ?? undefined,
  };
}

const rowLength = 16;

/**
 * A timing, in milliseconds to three decimals (call-state.ts's `elapsed`), as whole microseconds: JSON
 * writes an integer for a fraction of what a fraction costs it. A value with more decimals travels as
 * it is, told apart by not being whole (a whole number of milliseconds is a whole number of
 * microseconds, and comes back exactly).
 */
function micros(ms: number | undefined): number | undefined {
  if (ms === undefined) return undefined;
  const whole = Math.round(ms * 1000);
  return whole / 1000 === ms ? whole : ms;
}

function millis(travelled: number | null): number | undefined {
  if (travelled === null) return undefined;
  return Number.isInteger(travelled) ? travelled / 1000 : travelled;
}

/** A replacer for what JSON.stringify refuses: a BigInt as its digits, a value met again on its own path as a mark. */
function jsonSafe(): (this: unknown, key: string, value: unknown) => unknown {
  const path: unknown[] = [];
  return function replace(this: unknown, _key: string, value: unknown): unknown {
    if (typeof value === 'bigint') return value.toString();
    if (typeof value !== 'object' || value === null) return value;
    // `this` is the object holding `value`: the path is cut back to it before `value` is looked for.
    while (path.length > 0 && path[path.length - 1] !== this) path.pop();
    if (path.includes(value)) return '[Circular]';
    path.push(value);
    return value;
  };
}
