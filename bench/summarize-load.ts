import { percentile } from './percentile.js';
import type { LoadResult } from './run-load.js';
import type { TargetStats } from './scenario-result.js';

/** Reduces the rounds of one target in one scenario to its percentiles and throughput. */
export function summarizeLoad(rounds: readonly LoadResult[]): TargetStats {
  const timings = rounds.flatMap((round) => round.timings);
  const errors = rounds.reduce((sum, round) => sum + round.errors, 0);
  const elapsedMs = rounds.reduce((sum, round) => sum + round.elapsedMs, 0);
  const firstError = rounds.find((round) => round.firstError !== undefined)?.firstError;
  const totals = timings.map((timing) => timing.totalMs);
  return {
    requests: timings.length,
    errors,
    ...(firstError === undefined ? {} : { firstError }),
    p50Ms: percentile(totals, 50),
    p99Ms: percentile(totals, 99),
    firstByteP50Ms: percentile(
      timings.map((timing) => timing.firstByteMs),
      50,
    ),
    requestsPerSecond: elapsedMs > 0 ? (timings.length * 1000) / elapsedMs : Number.NaN,
    responseBytes: percentile(
      timings.map((timing) => timing.bodyBytes),
      50,
    ),
  };
}
