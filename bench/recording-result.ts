import type { BenchFormat } from './bench-format.js';
import type { DatabaseFigures } from './database-figures.js';
import type { RecorderFigures } from './read-recorder-status.js';
import type { TargetStats } from './scenario-result.js';

/** How a gateway in the recording suite keeps its calls. */
export type RecordingMode = 'off' | 'sqlite' | 'postgres';

/** Where the recording suite's load goes: the upstream directly, or one of the gateways. */
export type RecordingTargetName = 'direct' | RecordingMode;

/** One target in one recording scenario. */
export interface RecordingTargetResult {
  readonly target: RecordingTargetName;
  readonly stats: TargetStats;
  /** Requests per second as a fraction of direct's, and (for a gateway) of the gateway with recording off. */
  readonly throughputVsDirect: number;
  readonly throughputVsOff: number | undefined;
  /**
   * For a gateway: the same ratio round by round (each against the off gateway's round of the same
   * cycle), smallest first. Its spread is the machine's noise; `throughputVsOff` is over all rounds.
   */
  readonly roundsVsOff: readonly number[] | undefined;
  /**
   * CPU time per request of the process serving it (the upstream for direct, else the gateway),
   * counted until the recorder had written every call of the round: the writes are charged in full.
   */
  readonly cpuMsPerRequest: number | undefined;
  /**
   * For a gateway: the part of `cpuMsPerRequest` its main thread used, the thread that serves every
   * request. The rest is its other threads: the recording worker, GC and compiler helpers.
   */
  readonly mainThreadCpuMsPerRequest: number | undefined;
  /**
   * For a recording gateway: the part of `cpuMsPerRequest` its recording worker used (the thread it
   * names `luthien-record`). What is left after the main thread and this is V8's helper threads.
   */
  readonly recorderThreadCpuMsPerRequest: number | undefined;
  /** For Postgres: CPU time per request of the Postgres server (postmaster and backends). */
  readonly databaseCpuMsPerRequest: number | undefined;
  /** Largest sampled RSS of the gateway process during the scenario. */
  readonly maxRssBytes: number | undefined;
  /**
   * Mean number of calls not yet written when a round's load ended. The bench waits for them before
   * the next round; their writes fall outside the measured time, so this bounds how much the
   * throughput figure flatters recording.
   */
  readonly unwrittenAtEndOfLoad: number | undefined;
  /** Mean wait from the end of a round's load until the recorder had written every call. */
  readonly drainMs: number | undefined;
  /**
   * Calls written to the database per second of load (calls minus those unwritten at the end of each
   * round, over the load's time). Below `stats.requestsPerSecond` by more than a batch per round, the
   * recorder is falling behind: sustained, its queue would fill up and drop records.
   */
  readonly recordedPerSecond: number | undefined;
}

export interface RecordingScenarioResult {
  readonly name: string;
  readonly stream: boolean;
  readonly concurrency: number;
  readonly requestBytes: number;
  readonly targets: readonly RecordingTargetResult[];
}

/** What a recording gateway says about its recorder after the run, and what its database holds. */
export interface RecorderCheck {
  readonly mode: RecordingMode;
  /** Model calls the bench sent to this gateway, warm-up included. */
  readonly callsMade: number;
  /** `GET /ready`'s recorder component once every call was accounted for, before the gateway stopped. */
  readonly recorder: RecorderFigures;
  /** The database after the gateway stopped: its row count must equal `callsMade`. */
  readonly database: DatabaseFigures | undefined;
  /** Growth of the database per recorded call (size after the run minus size after start-up). */
  readonly bytesPerCall: number | undefined;
}

export interface RecordingSuiteResult {
  /** The recording suite measures one client API: recording is the same code after the format's codec. */
  readonly format: BenchFormat;
  readonly scenarios: readonly RecordingScenarioResult[];
  readonly recorders: readonly RecorderCheck[];
  /** Model calls each gateway served, warm-up included (per call figures from a CPU profile divide by it). */
  readonly callsMade: Readonly<Partial<Record<RecordingMode, number>>>;
}
