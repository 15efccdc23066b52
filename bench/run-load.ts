import { performance } from 'node:perf_hooks';
import type { Pool } from 'undici';
import { sendTimedRequest, type RequestTiming, type TimedRequest } from './send-timed-request.js';

export interface LoadLimits {
  readonly concurrency: number;
  /** Stop issuing once this many requests have been started... */
  readonly maxRequests: number;
  /** ...or once this much time has passed, whichever comes first. */
  readonly maxMs: number;
}

export interface LoadResult {
  readonly timings: RequestTiming[];
  readonly errors: number;
  /** The first failure, so a broken setup says why instead of just counting. */
  readonly firstError: string | undefined;
  /** From the first request sent to the last response read. */
  readonly elapsedMs: number;
}

/** Closed-loop load: `concurrency` workers, each sending its next request as soon as the last one is read. */
export async function runLoad(pool: Pool, request: TimedRequest, limits: LoadLimits): Promise<LoadResult> {
  const timings: RequestTiming[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let started = 0;
  const start = performance.now();
  const deadline = start + limits.maxMs;

  const worker = async (): Promise<void> => {
    while (started < limits.maxRequests && performance.now() < deadline) {
      started += 1;
      try {
        timings.push(await sendTimedRequest(pool, request));
      } catch (error) {
        errors += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: limits.concurrency }, worker));
  return { timings, errors, firstError, elapsedMs: performance.now() - start };
}
