import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { positiveNumber } from './bench-options.js';
import { benchWorkload } from './bench-workload.js';
import { ChildServer } from './child-server.js';
import { startScriptedUpstream } from './start-scripted-upstream.js';
import { formatTable } from './format-table.js';
import { POLICY_BENCH_CONFIGS, type PolicyBenchConfig } from './policy-bench-configs.js';
import { readProcessCpuMs } from './process-cpu.js';
import { cpuPerRequest } from './cpu-per-request.js';
import { runLoad, type LoadLimits, type LoadResult } from './run-load.js';
import type { TargetStats } from './scenario-result.js';
import type { TimedRequest } from './send-timed-request.js';
import { startLuthien } from './start-luthien.js';
import { summarizeLoad } from './summarize-load.js';
import { makeTemporaryDirectory } from './temporary-directory.js';

/**
 * `npm run bench -- --policies`: what running policies costs. Three gateways in front of the scripted
 * upstream, recording off, identical but for their policy (noop, all-caps, a three-policy chain), take
 * the same load: the Claude Code-shaped Anthropic request, streaming, 32 at a time. They run in rounds
 * whose order rotates, so drift on a shared machine falls on all three alike; the figures are reported
 * as ratios against noop.
 */

export interface PolicyBenchOptions {
  /** Measured requests per gateway, all rounds together (a cap). */
  readonly requests: number;
  /** Measured seconds per gateway, all rounds together (a cap). */
  readonly seconds: number;
  /** Unmeasured requests per gateway first (capped at WARMUP_MAX_MS), so each runs optimised code. */
  readonly warmup: number;
  readonly out: string | undefined;
}

export interface PolicyResult {
  readonly label: PolicyBenchConfig['label'];
  readonly stats: TargetStats;
  /** The gateway's CPU time per request (undefined without procfs). */
  readonly cpuMsPerRequest: number | undefined;
}

const CONCURRENCY = 32;
// Six rounds: each of the three rotations once forward and once reversed, so every gateway runs
// first, middle and last, and after each of the others, equally often.
const ROUNDS = 6;
const WARMUP_MAX_MS = 5_000;

const USAGE = 'usage: npm run bench -- --policies [--requests N] [--seconds S] [--warmup N] [--out FILE]';

export function parsePolicyBenchOptions(argv: readonly string[]): PolicyBenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      requests: { type: 'string', default: '6000' },
      seconds: { type: 'string', default: '6' },
      warmup: { type: 'string', default: '2000' },
      out: { type: 'string' },
    },
    strict: true,
  });
  return {
    requests: positive('--requests', values.requests),
    seconds: positive('--seconds', values.seconds),
    warmup: positive('--warmup', values.warmup),
    out: values.out,
  };
}

function positive(flag: string, text: string): number {
  return positiveNumber(flag, text, USAGE);
}

interface PolicyGateway {
  readonly config: PolicyBenchConfig;
  readonly server: ChildServer;
  readonly pool: Pool;
  readonly rounds: { load: LoadResult; cpuMs: number | undefined }[];
}

/** Runs the policy bench and prints its table; `baseEnv` has the developer's own gateway settings removed. */
export async function runPolicyBench(argv: readonly string[], baseEnv: NodeJS.ProcessEnv, progress: (message: string) => void): Promise<void> {
  const options = parsePolicyBenchOptions(argv);
  const loadAtStart = loadavg()[0] ?? 0;
  const temp = await makeTemporaryDirectory('luthien-bench-policies-');
  const children: ChildServer[] = [];
  const pools: Pool[] = [];
  try {
    const upstream = await startScriptedUpstream(baseEnv, progress);
    children.push(upstream.server);
    const upstreamUrl = upstream.url;

    const gateways: PolicyGateway[] = [];
    for (const config of POLICY_BENCH_CONFIGS) {
      const policyFile = join(temp.path, `${config.label}.yaml`);
      await writeFile(policyFile, `${JSON.stringify(config.config)}\n`);
      progress(`starting Luthien with ${config.label} (recording off)`);
      // Every gateway, noop included, reads its policy from a file: they differ in nothing else.
      const started = await startLuthien({
        name: `luthien (${config.label})`,
        baseEnv,
        upstreamUrl,
        env: { RECORD_CALLS: 'false', DATA_DIR: join(temp.path, config.label), POLICY_CONFIG: policyFile, POLICY_SOURCE: 'file' },
        profileDir: undefined,
      });
      children.push(started.server);
      const pool = new Pool(started.url, { connections: CONCURRENCY, pipelining: 1, keepAliveTimeout: 30_000 });
      pools.push(pool);
      gateways.push({ config, server: started.server, pool, rounds: [] });
    }

    const workload = benchWorkload('anthropic');
    const request: TimedRequest = { path: workload.path, headers: workload.headers, body: workload.body(true), streamEnd: workload.streamEnd };
    for (const gateway of gateways) await checkPolicyInForce(gateway, request);

    progress(`warming up each gateway (${options.warmup} requests, at most ${WARMUP_MAX_MS / 1000} s)`);
    for (const gateway of gateways) await runLoad(gateway.pool, request, { concurrency: CONCURRENCY, maxRequests: options.warmup, maxMs: WARMUP_MAX_MS });

    const round: LoadLimits = { concurrency: CONCURRENCY, maxRequests: Math.ceil(options.requests / ROUNDS), maxMs: (options.seconds * 1000) / ROUNDS };
    for (let index = 0; index < ROUNDS; index += 1) {
      const order = rotation(gateways, index);
      progress(`round ${index + 1}/${ROUNDS}: ${order.map((gateway) => gateway.config.label).join(', ')}`);
      for (const gateway of order) {
        const before = await readProcessCpuMs(gateway.server.pid);
        const load = await runLoad(gateway.pool, request, round);
        const after = await readProcessCpuMs(gateway.server.pid);
        gateway.rounds.push({ load, cpuMs: before === undefined || after === undefined ? undefined : after - before });
      }
    }

    const results: PolicyResult[] = gateways.map((gateway) => ({ label: gateway.config.label, stats: summarizeLoad(gateway.rounds.map((measured) => measured.load)), cpuMsPerRequest: cpuPerRequest(gateway.rounds) }));
    const machine = `${availableParallelism()} CPUs (${cpus()[0]?.model ?? 'unknown'}), node ${process.version}; load average ${loadAtStart.toFixed(2)} → ${(loadavg()[0] ?? 0).toFixed(2)}`;
    process.stdout.write(`\n${machine}\n\n${formatPolicyResults(results, options)}\n`);
    if (options.out !== undefined) {
      const out = resolve(options.out);
      await mkdir(dirname(out), { recursive: true });
      await writeFile(out, `${JSON.stringify({ generatedAt: new Date().toISOString(), machine, options, results }, null, 2)}\n`);
      progress(`results written to ${out}`);
    }
    // An error is a request that did not get its whole answer: the figures beside it are not comparable.
    if (results.some((result) => result.stats.errors > 0)) process.exitCode = 1;
  } finally {
    await Promise.all(pools.map((pool) => pool.close()));
    await Promise.all(children.map((child) => child.stop()));
    await temp.remove();
  }
}

/** Rounds 0–2 rotate the order forward; rounds 3–5 run the same rotations reversed. */
function rotation<T>(items: readonly T[], index: number): T[] {
  const shift = index % items.length;
  const rotated = [...items.slice(shift), ...items.slice(0, shift)];
  return Math.floor(index / items.length) % 2 === 0 ? rotated : rotated.reverse();
}

/** One request, read whole: the answer must show the gateway's policy at work (see `proof`). */
async function checkPolicyInForce(gateway: PolicyGateway, request: TimedRequest): Promise<void> {
  const response = await gateway.pool.request({ path: request.path, method: 'POST', headers: request.headers, body: request.body });
  const text = await response.body.text();
  if (response.statusCode !== 200 || !text.includes(gateway.config.proof)) {
    throw new Error(`Luthien (${gateway.config.label}) answered ${response.statusCode} without "${gateway.config.proof}": is its policy in force?\n${text.slice(0, 600)}`);
  }
}


export function formatPolicyResults(results: readonly PolicyResult[], options: PolicyBenchOptions): string {
  const baseline = results.find((result) => result.label === 'noop');
  if (baseline === undefined) throw new Error('the policy bench has no noop gateway to compare with');
  const ratio = (value: number | undefined, base: number | undefined): string => (value === undefined || base === undefined ? '–' : `${(value / base).toFixed(2)}×`);
  const rows = results.map((result) => [
    result.label,
    String(result.stats.requests),
    String(result.stats.errors),
    result.stats.requestsPerSecond.toFixed(0),
    ratio(result.stats.requestsPerSecond, baseline.stats.requestsPerSecond),
    result.stats.p50Ms.toFixed(1),
    ratio(result.stats.p50Ms, baseline.stats.p50Ms),
    result.stats.p99Ms.toFixed(1),
    ratio(result.stats.p99Ms, baseline.stats.p99Ms),
    result.cpuMsPerRequest === undefined ? '–' : result.cpuMsPerRequest.toFixed(3),
    ratio(result.cpuMsPerRequest, baseline.cpuMsPerRequest),
  ]);
  const headers = ['policy', 'requests', 'errors', 'req/s', 'vs noop', 'p50 ms', 'vs noop', 'p99 ms', 'vs noop', 'CPU ms/req', 'vs noop'];
  const errors = results.filter((result) => result.stats.firstError !== undefined).map((result) => `${result.label}: first error: ${result.stats.firstError ?? ''}`);
  return [
    `Cost of policies: Anthropic Messages (Claude Code-shaped), streaming, c=${CONCURRENCY}, recording off; ${ROUNDS} rotating rounds, at most ${options.requests} requests and ${options.seconds} s per gateway`,
    'chain = all-caps → string-replacement (word → term, case-matched) → block-tool-calls (built-in rules)',
    '',
    formatTable(headers, rows),
    ...errors,
  ].join('\n');
}
