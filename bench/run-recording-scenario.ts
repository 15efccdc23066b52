import { performance } from 'node:perf_hooks';
import type { Pool } from 'undici';
import { recorderThreadName } from '../src/recording/name-thread.js';
import { readMainThreadCpuMs, readNamedThreadsCpuMs, readProcessCpuMs, readProcessTreeCpuMs } from './process-cpu.js';
import { readRecorderStatus, waitForRecorderDrain } from './read-recorder-status.js';
import type { RecordingScenarioResult, RecordingTargetName, RecordingTargetResult } from './recording-result.js';
import { RssSampler } from './rss-sampler.js';
import { runLoad, type LoadLimits, type LoadResult } from './run-load.js';
import type { TimedRequest } from './send-timed-request.js';
import { summarizeLoad } from './summarize-load.js';

/** One place the recording suite sends load to. */
export interface LoadTarget {
  readonly name: RecordingTargetName;
  readonly pool: Pool;
  /** The process serving it: the upstream for direct, else the gateway. */
  readonly pid: number;
  /** A gateway's URL, for its `/ready` (unset for direct). */
  readonly gatewayUrl: string | undefined;
  /** Whether the gateway records calls: then each round waits for its recorder to catch up. */
  readonly records: boolean;
  /** The database server's root process, whose CPU is charged to this target (Postgres). */
  readonly databasePid: number | undefined;
  /** Model calls sent to this target so far, warm-up included: the recorder must account for each. */
  calls: number;
}

export interface RecordingScenarioLimits {
  readonly name: string;
  readonly stream: boolean;
  readonly concurrency: number;
  /** Measured requests per target, over all rounds. */
  readonly requests: number;
  /** Measured wall-clock time per target, over all rounds. */
  readonly seconds: number;
  readonly warmupRequests: number;
  /** Longest wait for a recorder to write a round's calls; past it the run fails. */
  readonly drainTimeoutMs: number;
}

interface MeasuredRound {
  readonly load: LoadResult;
  readonly cpuMs: number | undefined;
  readonly mainThreadCpuMs: number | undefined;
  readonly recorderThreadCpuMs: number | undefined;
  readonly databaseCpuMs: number | undefined;
  readonly unwrittenAtEnd: number | undefined;
  readonly drainMs: number | undefined;
}

// Each target takes each position in the rotation this many times. Short rounds, many of them: on a
// shared machine throughput drifts by ±15 % from one second to the next, and with four rounds that
// drift decided the ratio between two targets by as much as the thing measured.
const ROUNDS_PER_POSITION = 3;
const WARMUP_MAX_MS = 5_000;

/**
 * Measures every target under the same load in rounds whose order rotates (A B C D, B C D A, ...), so
 * each target takes each position equally often and drift on a shared machine falls on all alike. A
 * recording gateway's round ends only once its recorder has written the round's calls, so its writes
 * never run during another target's round; the CPU they take is charged to it in full.
 */
export async function runRecordingScenario(targets: readonly LoadTarget[], request: TimedRequest, limits: RecordingScenarioLimits): Promise<RecordingScenarioResult> {
  const warmup: LoadLimits = { concurrency: limits.concurrency, maxRequests: limits.warmupRequests, maxMs: WARMUP_MAX_MS };
  for (const target of targets) {
    const load = await runLoad(target.pool, request, warmup);
    target.calls += load.timings.length + load.errors;
    if (target.records && target.gatewayUrl !== undefined) await waitForRecorderDrain(target.gatewayUrl, target.calls, limits.drainTimeoutMs);
  }

  const rounds = targets.length * ROUNDS_PER_POSITION;
  const round: LoadLimits = {
    concurrency: limits.concurrency,
    maxRequests: Math.ceil(limits.requests / rounds),
    maxMs: (limits.seconds * 1000) / rounds,
  };
  const measured = new Map<RecordingTargetName, MeasuredRound[]>(targets.map((target) => [target.name, []]));
  const samplers = new Map(targets.filter((target) => target.gatewayUrl !== undefined).map((target) => [target.name, new RssSampler(target.pid)]));
  for (const sampler of samplers.values()) sampler.start();
  for (let i = 0; i < rounds; i += 1) {
    for (let j = 0; j < targets.length; j += 1) {
      const target = targets[(i + j) % targets.length];
      if (target !== undefined) measured.get(target.name)?.push(await measureRound(target, request, round, limits.drainTimeoutMs));
    }
  }
  const memory = new Map<RecordingTargetName, number | undefined>();
  for (const [name, sampler] of samplers) memory.set(name, (await sampler.stop())?.maxRssBytes);

  const stats = new Map(targets.map((target) => [target.name, summarizeLoad((measured.get(target.name) ?? []).map((one) => one.load))]));
  const directRate = stats.get('direct')?.requestsPerSecond ?? Number.NaN;
  const offRate = stats.get('off')?.requestsPerSecond;
  const offRounds = measured.get('off');
  const results: RecordingTargetResult[] = targets.map((target) => {
    const ofTarget = measured.get(target.name) ?? [];
    const targetStats = stats.get(target.name) ?? summarizeLoad([]);
    return {
      target: target.name,
      stats: targetStats,
      throughputVsDirect: targetStats.requestsPerSecond / directRate,
      throughputVsOff: target.gatewayUrl === undefined || offRate === undefined ? undefined : targetStats.requestsPerSecond / offRate,
      roundsVsOff: target.gatewayUrl === undefined || offRounds === undefined ? undefined : roundRatios(ofTarget, offRounds),
      cpuMsPerRequest: perRequest(ofTarget, (m) => m.cpuMs),
      mainThreadCpuMsPerRequest: target.gatewayUrl === undefined ? undefined : perRequest(ofTarget, (m) => m.mainThreadCpuMs),
      recorderThreadCpuMsPerRequest: target.records ? perRequest(ofTarget, (m) => m.recorderThreadCpuMs) : undefined,
      databaseCpuMsPerRequest: target.databasePid === undefined ? undefined : perRequest(ofTarget, (m) => m.databaseCpuMs),
      maxRssBytes: memory.get(target.name),
      unwrittenAtEndOfLoad: target.records ? mean(ofTarget, (m) => m.unwrittenAtEnd) : undefined,
      drainMs: target.records ? mean(ofTarget, (m) => m.drainMs) : undefined,
      recordedPerSecond: target.records ? recordedPerSecond(ofTarget) : undefined,
    };
  });
  return { name: limits.name, stream: limits.stream, concurrency: limits.concurrency, requestBytes: request.body.length, targets: results };
}

async function measureRound(target: LoadTarget, request: TimedRequest, limits: LoadLimits, drainTimeoutMs: number): Promise<MeasuredRound> {
  const cpuBefore = await readProcessCpuMs(target.pid);
  const mainBefore = await readMainThreadCpuMs(target.pid);
  const recorderBefore = target.records ? await readNamedThreadsCpuMs(target.pid, recorderThreadName) : undefined;
  const databaseBefore = target.databasePid === undefined ? undefined : await readProcessTreeCpuMs(target.databasePid);
  const load = await runLoad(target.pool, request, limits);
  target.calls += load.timings.length + load.errors;
  let unwrittenAtEnd: number | undefined;
  let drainMs: number | undefined;
  if (target.records && target.gatewayUrl !== undefined) {
    const drainStart = performance.now();
    const atEnd = await readRecorderStatus(target.gatewayUrl);
    unwrittenAtEnd = target.calls - atEnd.written - atEnd.dropped;
    await waitForRecorderDrain(target.gatewayUrl, target.calls, drainTimeoutMs);
    drainMs = performance.now() - drainStart;
  }
  const cpuAfter = await readProcessCpuMs(target.pid);
  const mainAfter = await readMainThreadCpuMs(target.pid);
  const recorderAfter = target.records ? await readNamedThreadsCpuMs(target.pid, recorderThreadName) : undefined;
  const databaseAfter = target.databasePid === undefined ? undefined : await readProcessTreeCpuMs(target.databasePid);
  return {
    load,
    cpuMs: difference(cpuBefore, cpuAfter),
    mainThreadCpuMs: difference(mainBefore, mainAfter),
    recorderThreadCpuMs: difference(recorderBefore, recorderAfter),
    databaseCpuMs: difference(databaseBefore, databaseAfter),
    unwrittenAtEnd,
    drainMs,
  };
}

/**
 * Each round's throughput as a fraction of the gateway with recording off in the same cycle of the
 * rotation (the rounds nearest in time), smallest first: how far the machine's drift moves the ratio.
 */
function roundRatios(rounds: readonly MeasuredRound[], offRounds: readonly MeasuredRound[]): number[] {
  const ratios: number[] = [];
  for (let i = 0; i < Math.min(rounds.length, offRounds.length); i += 1) {
    const own = rounds[i];
    const off = offRounds[i];
    if (own !== undefined && off !== undefined) ratios.push(roundRate(own) / roundRate(off));
  }
  return ratios.sort((a, b) => a - b);
}

function roundRate(round: MeasuredRound): number {
  return round.load.elapsedMs > 0 ? (round.load.timings.length * 1000) / round.load.elapsedMs : 0;
}

function difference(before: number | undefined, after: number | undefined): number | undefined {
  return before === undefined || after === undefined ? undefined : after - before;
}

/** A per-round quantity summed over the rounds, per request served. */
function perRequest(rounds: readonly MeasuredRound[], pick: (round: MeasuredRound) => number | undefined): number | undefined {
  let total = 0;
  let requests = 0;
  for (const round of rounds) {
    const value = pick(round);
    if (value === undefined) return undefined;
    total += value;
    requests += round.load.timings.length + round.load.errors;
  }
  return requests === 0 ? undefined : total / requests;
}

function recordedPerSecond(rounds: readonly MeasuredRound[]): number | undefined {
  let recorded = 0;
  let elapsedMs = 0;
  for (const round of rounds) {
    if (round.unwrittenAtEnd === undefined) return undefined;
    recorded += round.load.timings.length + round.load.errors - round.unwrittenAtEnd;
    elapsedMs += round.load.elapsedMs;
  }
  return elapsedMs > 0 ? (recorded * 1000) / elapsedMs : undefined;
}

function mean(rounds: readonly MeasuredRound[], pick: (round: MeasuredRound) => number | undefined): number | undefined {
  const values = rounds.map(pick).filter((value) => value !== undefined);
  return values.length === 0 ? undefined : values.reduce((sum, value) => sum + value, 0) / values.length;
}
