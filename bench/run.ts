import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { parseBenchOptions, type BenchOptions } from './bench-options.js';
import { checkRecordingTargets, checkTargets, recordersIntact, type TargetCheck } from './check-targets.js';
import { ChildServer } from './child-server.js';
import { findFreePort } from './find-free-port.js';
import { formatResults } from './format-results.js';
import type { RecordingSuiteResult } from './recording-result.js';
import { runJudgeBench } from './run-judge-suite.js';
import { runPolicyBench } from './run-policy-suite.js';
import { runRecordingSuite } from './run-recording-suite.js';
import { runScenario } from './run-scenario.js';
import type { Scenario, ScenarioResult } from './scenario-result.js';
import { startLuthien } from './start-luthien.js';
import { makeTemporaryDirectory } from './temporary-directory.js';

/**
 * `npm run bench`: the scripted upstream and Luthien (noop policy) run as their own processes, as in
 * production; this process generates the load and compares calling the upstream directly with calling
 * it through Luthien, per client API with recording off, then the cost of recording on SQLite and on
 * Postgres (run-recording-suite.ts).
 */

/** The load shapes every format runs; the same for each, so the formats compare like for like. */
const LOAD_SHAPES: readonly Omit<Scenario, 'format'>[] = [
  { name: 'stream c=1', stream: true, concurrency: 1 },
  { name: 'non-stream c=1', stream: false, concurrency: 1 },
  { name: 'stream c=32', stream: true, concurrency: 32 },
  { name: 'non-stream c=32', stream: false, concurrency: 32 },
];
const MAX_CONCURRENCY = Math.max(...LOAD_SHAPES.map((shape) => shape.concurrency));

// Settings a developer may have exported for their own gateway must not leak into the measured one.
const INHERITED_SETTINGS_TO_DROP = [
  'POLICY_CONFIG',
  'ROUTING_CONFIG',
  'PROXY_API_KEY',
  'ANTHROPIC_API_KEY',
  'OPENAI_API_KEY',
  'GATEWAY_PORT',
  'GATEWAY_HOST',
  'NODE_OPTIONS',
  // Storage: the bench gives each gateway its own temporary database, never the developer's.
  'DATA_DIR',
  'DATABASE_URL',
  'DATABASE_POOL_SIZE',
  'DATABASE_CONNECT_TIMEOUT_MS',
  'DATABASE_STATEMENT_TIMEOUT_MS',
  'RECORD_CALLS',
  'RECORDER_QUEUE_MAX',
  'RECORDER_BATCH_SIZE',
  'RECORDER_FLUSH_MS',
  'RECORDER_WRITE_TIMEOUT_MS',
  'RECORDER_WORKER_NICE',
  'RETENTION_DAYS',
  'REDIS_URL',
];

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const baseEnv = { ...process.env };
  for (const name of INHERITED_SETTINGS_TO_DROP) Reflect.deleteProperty(baseEnv, name);
  // `--judge`: only the cost of judging (run-judge-suite.ts), with options of its own.
  if (argv.includes('--judge')) {
    await runJudgeBench(argv.filter((arg) => arg !== '--judge'), baseEnv, progress);
    return;
  }
  // `--policies`: only the cost of policies, noop vs all-caps vs a chain (run-policy-suite.ts).
  if (argv.includes('--policies')) {
    await runPolicyBench(argv.filter((arg) => arg !== '--policies'), baseEnv, progress);
    return;
  }
  const options = parseBenchOptions(argv);

  const loadAtStart = loadavg()[0] ?? 0;
  const startedAt = performance.now();
  const upstreamPort = await findFreePort();
  const upstreamUrl = `http://127.0.0.1:${upstreamPort}`;
  const children: ChildServer[] = [];
  const pools: Pool[] = [];
  const dataDir = await makeTemporaryDirectory('luthien-bench-data-');
  try {
    progress(`starting the scripted upstream on ${upstreamUrl}`);
    const upstream = await ChildServer.start({
      name: 'scripted upstream',
      args: ['mock-upstream', '--port', String(upstreamPort)],
      env: baseEnv,
      readyUrl: `${upstreamUrl}/_mock/stats`,
    });
    children.push(upstream);

    const results: ScenarioResult[] = [];
    if (options.suites.formats) {
      progress(`starting Luthien, recording off${options.profileDir === undefined ? '' : ` (CPU profile to ${options.profileDir})`}`);
      // Recording off: these scenarios measure the proxy itself; the recording suite measures recording.
      const gateway = await startLuthien({ name: 'luthien', baseEnv, upstreamUrl, env: { RECORD_CALLS: 'false', DATA_DIR: dataDir.path }, profileDir: options.profileDir });
      children.push(gateway.server);

      const pool = (url: string): Pool => {
        // One keep-alive connection per concurrent request, as an SDK client's pool would hold.
        const created = new Pool(url, { connections: MAX_CONCURRENCY, pipelining: 1, keepAliveTimeout: 30_000 });
        pools.push(created);
        return created;
      };
      const targets = { direct: pool(upstreamUrl), luthien: pool(gateway.url), gatewayPid: gateway.server.pid, upstreamPid: upstream.pid };

      // Format by format, so each format's scenarios run on a gateway warmed up on that format's code.
      for (const format of options.formats) {
        for (const shape of LOAD_SHAPES) {
          const scenario: Scenario = { format, ...shape };
          progress(`running ${format} ${scenario.name}`);
          results.push(await runScenario(targets, scenario, options));
        }
      }
      // Stopped before the recording suite, which needs the cores, and so that a CPU profile, written
      // on exit, is complete when we say so.
      await gateway.server.stop();
    }

    const recording = options.suites.recording ? await runRecordingSuite({ options, baseEnv, upstreamUrl, upstreamPid: upstream.pid, progress }) : undefined;
    await stopAll(children);

    const checks = [...checkTargets(results), ...(recording === undefined ? [] : checkRecordingTargets(recording))];
    const machine = describeMachine(loadAtStart, (performance.now() - startedAt) / 1000);
    process.stdout.write(`\n${machineLine(machine)}\n\n${formatResults(results, recording, checks)}\n`);
    if (options.out !== undefined) await writeJson(options, machine, results, recording, checks);
    if (options.profileDir !== undefined) progress(`gateway CPU profiles written to ${resolve(options.profileDir)}`);
    // A recorder that lost calls, or a database short of rows, is a failed run, not a slow one.
    if (recording !== undefined && !recordersIntact(recording)) process.exitCode = 1;
  } finally {
    await Promise.all(pools.map((pool) => pool.close()));
    await stopAll(children);
    await dataDir.remove();
  }
}

interface Machine {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly node: string;
  readonly platform: string;
  /** One-minute load averages: the bench shares the machine, and a busy one skews latency, not CPU/req. */
  readonly loadAverageAtStart: number;
  readonly loadAverageAtEnd: number;
  /** Wall time of the whole run, servers' start-up included. */
  readonly durationSeconds: number;
}

function describeMachine(loadAtStart: number, durationSeconds: number): Machine {
  return {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    platform: process.platform,
    loadAverageAtStart: loadAtStart,
    loadAverageAtEnd: loadavg()[0] ?? 0,
    durationSeconds,
  };
}

function machineLine(machine: Machine): string {
  const load = `${machine.loadAverageAtStart.toFixed(2)} → ${machine.loadAverageAtEnd.toFixed(2)}`;
  return `${machine.cpus} CPUs (${machine.cpuModel}), node ${machine.node}, ${machine.platform}; load average ${load}; run took ${machine.durationSeconds.toFixed(0)} s`;
}

async function writeJson(
  options: BenchOptions,
  machine: Machine,
  scenarios: readonly ScenarioResult[],
  recording: RecordingSuiteResult | undefined,
  targets: readonly TargetCheck[],
): Promise<void> {
  const out = resolve(options.out ?? '');
  const report = {
    generatedAt: new Date().toISOString(),
    machine,
    options: {
      formats: options.formats,
      requests: options.requests,
      scenarioSeconds: options.scenarioSeconds,
      warmupRequests: options.warmupRequests,
      suites: options.suites,
      recordingRequests: options.recordingRequests,
      recordingSeconds: options.recordingSeconds,
      skipPostgres: options.skipPostgres,
    },
    scenarios,
    recording,
    targets,
  };
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
  progress(`results written to ${out}`);
}

async function stopAll(children: readonly ChildServer[]): Promise<void> {
  await Promise.all(children.map((child) => child.stop()));
}

function progress(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

// A signal would otherwise end the process without 'exit' handlers, leaving the servers behind.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => process.exit(130));
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
