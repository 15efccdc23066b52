import { performance } from 'node:perf_hooks';
import type { Pool } from 'undici';

/** When the marks of one streamed answer reached the client, in ms from just before it was sent. */
export interface MarkTiming {
  /** The first text delta. */
  readonly textMs: number;
  /** The tool call (its start, which a client acts on once the call is complete). */
  readonly toolMs: number;
  /** The last byte. */
  readonly totalMs: number;
}

/**
 * Sends one streaming request and notes when each mark first arrived. The answers are small, so the
 * text read so far is searched whole (a mark may straddle chunks). A missing mark throws: a judge that
 * failed would have blocked the call, and a blocked call must not be timed as a fast one.
 */
export async function sendMarkedRequest(
  pool: Pool,
  request: { readonly path: string; readonly headers: Readonly<Record<string, string>>; readonly body: Buffer },
  marks: { readonly text: Buffer; readonly tool: Buffer; readonly end: Buffer },
): Promise<MarkTiming> {
  const start = performance.now();
  const response = await pool.request({ path: request.path, method: 'POST', headers: request.headers, body: request.body });
  let received = Buffer.alloc(0);
  let textMs = -1;
  let toolMs = -1;
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    const now = performance.now() - start;
    received = Buffer.concat([received, chunk]);
    if (textMs < 0 && received.includes(marks.text)) textMs = now;
    if (toolMs < 0 && received.includes(marks.tool)) toolMs = now;
  }
  const totalMs = performance.now() - start;
  if (response.statusCode !== 200) throw new Error(`status ${response.statusCode}: ${received.toString('utf8').slice(0, 300)}`);
  if (!received.includes(marks.end)) throw new Error(`the stream ended before ${marks.end.toString('utf8')}`);
  if (textMs < 0 || toolMs < 0) throw new Error(`the answer has no ${textMs < 0 ? 'text' : 'tool call'}: ${received.toString('utf8').slice(-400)}`);
  return { textMs, toolMs, totalMs };
}

/** Sends one non-streaming request and returns how long the whole answer took. */
export async function sendWholeRequest(pool: Pool, request: { readonly path: string; readonly headers: Readonly<Record<string, string>>; readonly body: Buffer }): Promise<number> {
  const start = performance.now();
  const response = await pool.request({ path: request.path, method: 'POST', headers: request.headers, body: request.body });
  const text = await response.body.text();
  const totalMs = performance.now() - start;
  if (response.statusCode !== 200) throw new Error(`status ${response.statusCode}: ${text.slice(0, 300)}`);
  if (!text.includes('probability')) throw new Error(`the judge's answer has no verdict: ${text.slice(0, 300)}`);
  return totalMs;
}
