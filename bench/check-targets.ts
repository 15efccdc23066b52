import type { BenchFormat } from './bench-format.js';
import type { RecordingSuiteResult } from './recording-result.js';
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

// Recording must stay cheap next to proxying itself: a recorder that costs more than this share of the
// throughput of the same gateway with recording off is too slow (issue 4).
const MIN_SQLITE_RECORDING_RATIO = 0.85;
// A throughput bought by leaving calls unwritten is not one recording can sustain: the recorder must
// write (nearly) as fast as the gateway serves. The slack is the round's last partial batch, which
// waits up to RECORDER_FLUSH_MS and is written after the load ends.
const MIN_SQLITE_RECORDED_RATIO = 0.9;

/**
 * The recording suite's targets: recording on SQLite keeps ≥ 85 % of the throughput with recording
 * off, while writing calls at ≥ 90 % of the rate it serves them (or the queue would grow until it
 * dropped records); and every recorder wrote every call, dropped none, and its database holds one row
 * per call.
 * Postgres' throughput has no target: the bench runs it on the same two cores as everything else.
 */
export function checkRecordingTargets(result: RecordingSuiteResult): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const scenario of result.scenarios) {
    const sqlite = scenario.targets.find((target) => target.target === 'sqlite');
    if (sqlite?.throughputVsOff === undefined) continue;
    checks.push({
      format: result.format,
      scenario: `recording sqlite, ${scenario.name}`,
      metric: 'throughput vs recording off',
      limit: `≥ ${MIN_SQLITE_RECORDING_RATIO * 100} %`,
      actual: `${(sqlite.throughputVsOff * 100).toFixed(1)} %`,
      met: sqlite.throughputVsOff >= MIN_SQLITE_RECORDING_RATIO,
    });
    if (sqlite.recordedPerSecond === undefined) continue;
    const kept = sqlite.recordedPerSecond / sqlite.stats.requestsPerSecond;
    checks.push({
      format: result.format,
      scenario: `recording sqlite, ${scenario.name}`,
      metric: 'recorded/s vs req/s',
      limit: `≥ ${MIN_SQLITE_RECORDED_RATIO * 100} %`,
      actual: `${(kept * 100).toFixed(1)} %`,
      met: kept >= MIN_SQLITE_RECORDED_RATIO,
    });
  }
  for (const check of result.recorders) {
    const scenario = `recording ${check.mode}, whole run`;
    checks.push({ format: result.format, scenario, metric: 'recorder dropped', limit: '= 0', actual: String(check.recorder.dropped), met: check.recorder.dropped === 0 });
    checks.push({
      format: result.format,
      scenario,
      metric: 'recorder written',
      limit: `= ${check.callsMade} calls made`,
      actual: String(check.recorder.written),
      met: check.recorder.written === check.callsMade,
    });
    const rows = check.database?.calls;
    checks.push({
      format: result.format,
      scenario,
      metric: 'rows in calls',
      limit: `= ${check.callsMade} calls made`,
      actual: rows === undefined ? 'n/a' : String(rows),
      met: rows === check.callsMade,
    });
  }
  return checks;
}

/** Whether every recorder wrote every call the bench made, dropped none, and its database has them all. */
export function recordersIntact(result: RecordingSuiteResult): boolean {
  return result.recorders.every(
    (check) => check.recorder.dropped === 0 && check.recorder.written === check.callsMade && check.database?.calls === check.callsMade,
  );
}
