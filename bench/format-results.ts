import { benchWorkload } from './bench-workload.js';
import type { TargetCheck } from './check-targets.js';
import { formatRecordingResults } from './format-recording-results.js';
import { formatTable } from './format-table.js';
import type { RecordingSuiteResult } from './recording-result.js';
import type { ScenarioResult } from './scenario-result.js';

/**
 * The human-readable report: per format, latency, throughput and memory per scenario; the recording
 * suite; then the targets.
 */
export function formatResults(results: readonly ScenarioResult[], recording: RecordingSuiteResult | undefined, checks: readonly TargetCheck[]): string {
  const formats = [...new Set(results.map((r) => r.scenario.format))];
  const sections = [
    ...formats.flatMap((format) => formatSection(results.filter((r) => r.scenario.format === format))),
    ...(recording === undefined ? [] : formatRecordingResults(recording)),
  ];
  const targets = formatTable(
    ['format', 'scenario', 'target', 'limit', 'actual', ''],
    checks.map((check) => [check.format, check.scenario, check.metric, check.limit, check.actual, check.met ? 'met' : 'MISSED']),
  );
  const failures = results
    .flatMap((r) =>
      [r.direct.firstError, r.luthien.firstError].map((error) => (error === undefined ? undefined : `${r.scenario.format} ${r.scenario.name}: ${error}`)),
    )
    .filter((line) => line !== undefined);
  return [...sections, 'Targets', targets, ...(failures.length > 0 ? ['', 'First errors', ...failures] : [])].join('\n');
}

/** One format's two tables, under a heading that says which request and how big. */
function formatSection(results: readonly ScenarioResult[]): string[] {
  const first = results[0];
  if (first === undefined) return [];
  const workload = benchWorkload(first.scenario.format);
  const latency = formatTable(
    ['scenario', 'p50 direct', 'p50 luthien', 'added', 'p99 direct', 'p99 luthien', 'added', 'TTFB p50 direct', 'TTFB p50 luthien', 'added'],
    results.map((r) => [
      r.scenario.name,
      ms(r.direct.p50Ms),
      ms(r.luthien.p50Ms),
      ms(r.addedP50Ms),
      ms(r.direct.p99Ms),
      ms(r.luthien.p99Ms),
      ms(r.addedP99Ms),
      r.scenario.stream ? ms(r.direct.firstByteP50Ms) : '-',
      r.scenario.stream ? ms(r.luthien.firstByteP50Ms) : '-',
      r.scenario.stream ? ms(r.addedFirstByteP50Ms) : '-',
    ]),
  );
  const throughput = formatTable(
    ['scenario', 'req/s direct', 'req/s luthien', 'ratio', 'requests (d/l)', 'errors (d/l)', 'CPU/req upstream', 'CPU/req luthien', 'luthien RSS max', 'luthien RSS peak'],
    results.map((r) => [
      r.scenario.name,
      r.direct.requestsPerSecond.toFixed(0),
      r.luthien.requestsPerSecond.toFixed(0),
      `${(r.throughputRatio * 100).toFixed(1)} %`,
      `${r.direct.requests}/${r.luthien.requests}`,
      `${r.direct.errors}/${r.luthien.errors}`,
      cpu(r.upstreamCpuMsPerRequest),
      cpu(r.luthienCpuMsPerRequest),
      mb(r.gatewayMaxRssBytes),
      mb(r.gatewayPeakRssBytes),
    ]),
  );
  // One line per mode: the sizes hardly differ between concurrency levels.
  const sizes = [true, false].flatMap((stream) => {
    const r = results.find((result) => result.scenario.stream === stream);
    return r === undefined ? [] : [`${stream ? 'streamed' : 'JSON'} answer ${kb(r.direct.responseBytes)} direct, ${kb(r.luthien.responseBytes)} through Luthien`];
  });
  return [
    `== ${first.scenario.format}: ${workload.title}, POST ${workload.path}, request ${kb(first.requestBytes)}`,
    `   ${sizes.join('; ')}`,
    '',
    'Latency (ms; "added" = through Luthien minus direct)',
    latency,
    '',
    'Throughput, CPU and memory (CPU/req: process CPU time per request served)',
    throughput,
    '',
  ];
}

function ms(value: number): string {
  return value.toFixed(3);
}

function cpu(value: number | undefined): string {
  return value === undefined ? 'n/a' : `${value.toFixed(3)} ms`;
}

function mb(bytes: number | undefined): string {
  return bytes === undefined ? 'n/a' : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function kb(bytes: number): string {
  return Number.isNaN(bytes) ? 'n/a' : `${(bytes / 1024).toFixed(1)} KB`;
}
