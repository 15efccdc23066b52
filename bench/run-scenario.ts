import type { Pool } from 'undici';
import type { BenchOptions } from './bench-options.js';
import { benchWorkload } from './bench-workload.js';
import { readProcessCpuMs } from './process-cpu.js';
import { RssSampler } from './rss-sampler.js';
import { cpuPerRequest } from './cpu-per-request.js';
import { runLoad, type LoadLimits, type LoadResult } from './run-load.js';
import type { Scenario, ScenarioResult } from './scenario-result.js';
import type { TimedRequest } from './send-timed-request.js';
import { summarizeLoad } from './summarize-load.js';

export interface BenchTargets {
  readonly direct: Pool;
  readonly luthien: Pool;
  readonly gatewayPid: number;
  readonly upstreamPid: number;
}

/** One round's load and the CPU time the server under it used meanwhile (undefined without procfs). */
interface MeasuredRound {
  readonly load: LoadResult;
  readonly cpuMs: number | undefined;
}

// Direct and proxied runs alternate in rounds (A B, B A, ...), so drift on a shared machine (thermal,
// other load, GC of the bench itself) falls on both sides alike and the ratio stays fair.
const ROUNDS = 4;
const WARMUP_MAX_MS = 5_000;

export async function runScenario(targets: BenchTargets, scenario: Scenario, options: BenchOptions): Promise<ScenarioResult> {
  const workload = benchWorkload(scenario.format);
  const request: TimedRequest = {
    path: workload.path,
    headers: workload.headers,
    body: workload.body(scenario.stream),
    streamEnd: scenario.stream ? workload.streamEnd : undefined,
  };
  const warmup = { concurrency: scenario.concurrency, maxRequests: options.warmupRequests, maxMs: WARMUP_MAX_MS };
  await runLoad(targets.direct, request, warmup);
  await runLoad(targets.luthien, request, warmup);

  const round = {
    concurrency: scenario.concurrency,
    maxRequests: Math.ceil(options.requests / ROUNDS),
    maxMs: (options.scenarioSeconds * 1000) / (2 * ROUNDS),
  };
  const direct: MeasuredRound[] = [];
  const luthien: MeasuredRound[] = [];
  const runDirect = async (): Promise<void> => {
    direct.push(await measureRound(targets.direct, request, round, targets.upstreamPid));
  };
  const runLuthien = async (): Promise<void> => {
    luthien.push(await measureRound(targets.luthien, request, round, targets.gatewayPid));
  };
  const sampler = new RssSampler(targets.gatewayPid);
  sampler.start();
  for (let i = 0; i < ROUNDS; i += 1) {
    if (i % 2 === 0) {
      await runDirect();
      await runLuthien();
    } else {
      await runLuthien();
      await runDirect();
    }
  }
  const memory = await sampler.stop();

  const directStats = summarizeLoad(direct.map((measured) => measured.load));
  const luthienStats = summarizeLoad(luthien.map((measured) => measured.load));
  return {
    scenario,
    requestBytes: request.body.length,
    direct: directStats,
    luthien: luthienStats,
    addedP50Ms: luthienStats.p50Ms - directStats.p50Ms,
    addedP99Ms: luthienStats.p99Ms - directStats.p99Ms,
    addedFirstByteP50Ms: luthienStats.firstByteP50Ms - directStats.firstByteP50Ms,
    throughputRatio: luthienStats.requestsPerSecond / directStats.requestsPerSecond,
    luthienCpuMsPerRequest: cpuPerRequest(luthien),
    upstreamCpuMsPerRequest: cpuPerRequest(direct),
    gatewayMaxRssBytes: memory?.maxRssBytes,
    gatewayPeakRssBytes: memory?.peakBytes,
  };
}

async function measureRound(pool: Pool, request: TimedRequest, limits: LoadLimits, serverPid: number): Promise<MeasuredRound> {
  const before = await readProcessCpuMs(serverPid);
  const load = await runLoad(pool, request, limits);
  const after = await readProcessCpuMs(serverPid);
  return { load, cpuMs: before === undefined || after === undefined ? undefined : after - before };
}

