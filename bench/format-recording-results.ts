import { benchWorkload } from './bench-workload.js';
import { formatTable } from './format-table.js';
import type { RecordingSuiteResult, RecordingTargetName, RecordingTargetResult } from './recording-result.js';

const TARGET_LABELS: Readonly<Record<RecordingTargetName, string>> = {
  direct: 'direct (no proxy)',
  off: 'recording off',
  sqlite: 'recording on SQLite',
  postgres: 'recording on Postgres',
};

/** The recording suite's report: throughput and CPU per target and scenario, then the recorders' own figures. */
export function formatRecordingResults(result: RecordingSuiteResult): string[] {
  const workload = benchWorkload(result.format);
  const throughput = formatTable(
    ['scenario', 'target', 'req/s', 'vs direct', 'vs off', 'rounds vs off', 'p50', 'p99', 'CPU/req server', 'main thread', 'recorder thread', 'other threads', 'CPU/req postgres', 'RSS max', 'unwritten at end', 'drain', 'recorded/s', 'requests', 'errors'],
    result.scenarios.flatMap((scenario) =>
      scenario.targets.map((target) => [
        scenario.name,
        TARGET_LABELS[target.target],
        target.stats.requestsPerSecond.toFixed(0),
        percent(target.throughputVsDirect),
        target.throughputVsOff === undefined ? '-' : percent(target.throughputVsOff),
        spread(target.roundsVsOff),
        ms(target.stats.p50Ms),
        ms(target.stats.p99Ms),
        target.cpuMsPerRequest === undefined ? 'n/a' : `${target.cpuMsPerRequest.toFixed(3)} ms`,
        target.mainThreadCpuMsPerRequest === undefined ? '-' : `${target.mainThreadCpuMsPerRequest.toFixed(3)} ms`,
        target.recorderThreadCpuMsPerRequest === undefined ? '-' : `${target.recorderThreadCpuMsPerRequest.toFixed(3)} ms`,
        otherThreads(target),
        target.databaseCpuMsPerRequest === undefined ? '-' : `${target.databaseCpuMsPerRequest.toFixed(3)} ms`,
        target.maxRssBytes === undefined ? '-' : `${(target.maxRssBytes / 1024 / 1024).toFixed(1)} MB`,
        target.unwrittenAtEndOfLoad === undefined ? '-' : target.unwrittenAtEndOfLoad.toFixed(0),
        target.drainMs === undefined ? '-' : `${target.drainMs.toFixed(0)} ms`,
        target.recordedPerSecond === undefined ? '-' : target.recordedPerSecond.toFixed(0),
        String(target.stats.requests),
        String(target.stats.errors),
      ]),
    ),
  );
  const recorders = formatTable(
    ['recording', 'calls made', 'written', 'dropped', 'queue depth', 'state', 'rows in calls', 'database size', 'per call'],
    result.recorders.map((check) => [
      check.mode,
      String(check.callsMade),
      String(check.recorder.written),
      String(check.recorder.dropped),
      String(check.recorder.queueDepth),
      check.recorder.state,
      check.database === undefined ? 'n/a' : String(check.database.calls),
      check.database === undefined ? 'n/a' : `${(check.database.bytes / 1024 / 1024).toFixed(1)} MB`,
      check.bytesPerCall === undefined ? 'n/a' : `${(check.bytesPerCall / 1024).toFixed(1)} KB`,
    ]),
  );
  const errors = result.scenarios.flatMap((scenario) =>
    scenario.targets.flatMap((target) => (target.stats.firstError === undefined ? [] : [`${scenario.name} ${target.target}: ${target.stats.firstError}`])),
  );
  return [
    `== recording: ${workload.title}, POST ${workload.path}, request ${((result.scenarios[0]?.requestBytes ?? 0) / 1024).toFixed(1)} KB`,
    '   the same load directly and through three gateways (noop policy) that differ only in recording',
    '',
    'Throughput and CPU (vs off: throughput as a fraction of the gateway with recording off, over all rounds;',
    'rounds vs off: the same round by round, against the off gateway\'s round of the same cycle: lowest, median, highest;',
    'CPU/req server: the upstream for direct, the gateway otherwise (all its threads), until its recorder had written the round;',
    'main thread: the part of it the gateway\'s main thread used, the one that serves requests;',
    'recorder thread: the part its recording worker used; other threads: the rest, V8\'s helpers (GC, compiler);',
    'unwritten at end: calls not yet written when a round\'s load ended, mean per round;',
    'recorded/s: calls written per second of load; well below req/s, the recorder is falling behind)',
    throughput,
    '',
    'Recorders after the run (GET /ready once every call was accounted for; rows counted after the gateway stopped)',
    recorders,
    `Calls made per gateway, warm-up included: ${Object.entries(result.callsMade)
      .map(([mode, calls]) => `${mode} ${calls}`)
      .join(', ')}`,
    ...(errors.length > 0 ? ['', 'First errors', ...errors] : []),
    '',
  ];
}

/** Per-round ratios (sorted) as lowest / median / highest, in percent. */
function spread(ratios: readonly number[] | undefined): string {
  if (ratios === undefined || ratios.length === 0) return '-';
  const at = (fraction: number): string => ((ratios[Math.round(fraction * (ratios.length - 1))] ?? Number.NaN) * 100).toFixed(0);
  return `${at(0)} / ${at(0.5)} / ${at(1)} %`;
}

/** A gateway's CPU per request besides its main thread and its recorder: V8's helper threads. */
function otherThreads(target: RecordingTargetResult): string {
  const { cpuMsPerRequest: all, mainThreadCpuMsPerRequest: main } = target;
  if (all === undefined || main === undefined) return '-';
  return `${(all - main - (target.recorderThreadCpuMsPerRequest ?? 0)).toFixed(3)} ms`;
}

function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)} %`;
}

function ms(value: number): string {
  return value.toFixed(2);
}
