import { performance } from 'node:perf_hooks';
import type { Pool } from 'undici';

/** One request's timings, in milliseconds from just before it was sent. */
export interface RequestTiming {
  /** First body byte (for a stream: the first SSE bytes the client can act on). */
  readonly firstByteMs: number;
  /** Last body byte: the whole response has been read. */
  readonly totalMs: number;
}

export interface TimedRequest {
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  readonly stream: boolean;
}

const STREAM_END_MARK = Buffer.from('message_stop');

/**
 * Sends one request and reads the whole body. A wrong status or a stream that does not reach
 * `message_stop` throws: a fast failure must never be counted as a fast answer.
 */
export async function sendTimedRequest(pool: Pool, request: TimedRequest): Promise<RequestTiming> {
  const start = performance.now();
  const response = await pool.request({ path: request.path, method: 'POST', headers: request.headers, body: request.body });
  let firstByteMs = -1;
  // The end mark may straddle two reads, so the check looks at the last two.
  let previous: Buffer | undefined;
  let last: Buffer | undefined;
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    if (firstByteMs < 0) firstByteMs = performance.now() - start;
    previous = last;
    last = chunk;
  }
  const totalMs = performance.now() - start;
  if (response.statusCode !== 200) {
    throw new Error(`status ${response.statusCode}: ${last?.toString('utf8').slice(0, 300) ?? ''}`);
  }
  if (request.stream && !endsStream(previous, last)) throw new Error('the stream ended before message_stop');
  return { firstByteMs: firstByteMs < 0 ? totalMs : firstByteMs, totalMs };
}

function endsStream(previous: Buffer | undefined, last: Buffer | undefined): boolean {
  if (last === undefined) return false;
  if (last.includes(STREAM_END_MARK)) return true;
  return previous !== undefined && Buffer.concat([previous, last]).includes(STREAM_END_MARK);
}
