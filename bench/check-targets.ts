import type { BenchFormat } from './bench-format.js';
import type { ScenarioResult } from './scenario-result.js';

/** One performance target and whether this run met it. */
export interface TargetCheck {
  readonly format: BenchFormat;
  readonly scenario: string;
  readonly metric: string;
  readonly limit: string;
  readonly actual: string;
  readonly met: boolean;
}

// The proxy's budget: it must be invisible next to a model's own latency (hundreds of ms) and must not
// halve what one machine can serve. Latency targets apply at concurrency 1, where nothing queues and
// the figure is the proxy's own cost; throughput applies under load. The same budget holds for every
// format: a client does not care which API its proxy is slow at.
const MAX_ADDED_P50_MS = 0.5;
const MAX_ADDED_P99_MS = 2;
const MAX_ADDED_FIRST_BYTE_MS = 1;
const MIN_THROUGHPUT_RATIO = 0.5;

export function checkTargets(results: readonly ScenarioResult[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const result of results) {
    const { format, name, concurrency, stream } = result.scenario;
    if (concurrency === 1) {
      checks.push(atMost(format, name, 'added p50', result.addedP50Ms, MAX_ADDED_P50_MS));
      checks.push(atMost(format, name, 'added p99', result.addedP99Ms, MAX_ADDED_P99_MS));
      if (stream) checks.push(atMost(format, name, 'added TTFB p50', result.addedFirstByteP50Ms, MAX_ADDED_FIRST_BYTE_MS));
    } else {
      checks.push({
        format,
        scenario: name,
        metric: 'throughput vs direct',
        limit: `≥ ${MIN_THROUGHPUT_RATIO * 100} %`,
        actual: `${(result.throughputRatio * 100).toFixed(1)} %`,
        met: result.throughputRatio >= MIN_THROUGHPUT_RATIO,
      });
    }
  }
  return checks;
}

function atMost(format: BenchFormat, scenario: string, metric: string, valueMs: number, limitMs: number): TargetCheck {
  return { format, scenario, metric, limit: `≤ ${limitMs} ms`, actual: `${valueMs.toFixed(3)} ms`, met: valueMs <= limitMs };
}
