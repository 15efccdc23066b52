import { performance } from 'node:perf_hooks';
import type { Pool } from 'undici';

/** One request's timings, in milliseconds from just before it was sent. */
export interface RequestTiming {
  /** First body byte (for a stream: the first SSE bytes the client can act on). */
  readonly firstByteMs: number;
  /** Last body byte: the whole response has been read. */
  readonly totalMs: number;
  /** Size of the response body: shows whether the proxy sent what the upstream did. */
  readonly bodyBytes: number;
}

export interface TimedRequest {
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** For a streaming request, the bytes its last event carries; undefined for a non-streaming one. */
  readonly streamEnd: Buffer | undefined;
}

/**
 * Sends one request and reads the whole body. A wrong status or a stream that does not reach its
 * end mark throws: a fast failure must never be counted as a fast answer.
 */
export async function sendTimedRequest(pool: Pool, request: TimedRequest): Promise<RequestTiming> {
  const start = performance.now();
  const response = await pool.request({ path: request.path, method: 'POST', headers: request.headers, body: request.body });
  let firstByteMs = -1;
  let bodyBytes = 0;
  const end = request.streamEnd === undefined ? undefined : new EndMarkScanner(request.streamEnd);
  let last: Buffer | undefined;
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    if (firstByteMs < 0) firstByteMs = performance.now() - start;
    bodyBytes += chunk.length;
    end?.scan(chunk);
    last = chunk;
  }
  const totalMs = performance.now() - start;
  if (response.statusCode !== 200) {
    throw new Error(`status ${response.statusCode}: ${last?.toString('utf8').slice(0, 300) ?? ''}`);
  }
  if (end !== undefined && !end.found) throw new Error(`the stream ended before ${end.mark.toString('utf8')}`);
  return { firstByteMs: firstByteMs < 0 ? totalMs : firstByteMs, totalMs, bodyBytes };
}

/**
 * Finds a mark in a body read chunk by chunk. The mark may straddle reads, and the last event can
 * span many of them (a Responses `response.completed` repeats the whole response), so each chunk is
 * searched together with the tail of the one before, never the whole body.
 */
class EndMarkScanner {
  found = false;
  private tail: Buffer = Buffer.alloc(0);

  constructor(readonly mark: Buffer) {}

  scan(chunk: Buffer): void {
    if (this.found) return;
    if (chunk.includes(this.mark) || (this.tail.length > 0 && Buffer.concat([this.tail, chunk.subarray(0, this.mark.length - 1)]).includes(this.mark))) {
      this.found = true;
      return;
    }
    const keep = this.mark.length - 1;
    this.tail = chunk.length >= keep ? chunk.subarray(chunk.length - keep) : Buffer.concat([this.tail, chunk]).subarray(-keep);
  }
}
