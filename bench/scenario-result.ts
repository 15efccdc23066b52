import type { BenchFormat } from './bench-format.js';

/** One load shape for one client API, measured both directly against the upstream and through Luthien. */
export interface Scenario {
  readonly format: BenchFormat;
  /** The load shape, e.g. `stream c=1`; the same names recur for every format. */
  readonly name: string;
  readonly stream: boolean;
  readonly concurrency: number;
}

/** What one target (direct or through Luthien) did in one scenario; times in milliseconds. */
export interface TargetStats {
  readonly requests: number;
  readonly errors: number;
  readonly firstError?: string;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly firstByteP50Ms: number;
  readonly requestsPerSecond: number;
  /**
   * Median response body size. Direct and through Luthien it differs only by the digits of the scripted
   * upstream's id counters; more would mean the proxy changed the answer.
   */
  readonly responseBytes: number;
}

export interface ScenarioResult {
  readonly scenario: Scenario;
  /** Size of the request body sent. */
  readonly requestBytes: number;
  readonly direct: TargetStats;
  readonly luthien: TargetStats;
  /** Luthien minus direct: the proxy's own cost. */
  readonly addedP50Ms: number;
  readonly addedP99Ms: number;
  readonly addedFirstByteP50Ms: number;
  /** Luthien's throughput as a fraction of direct. */
  readonly throughputRatio: number;
  /** CPU time the Luthien process used per request it served (user + system, all threads). */
  readonly luthienCpuMsPerRequest: number | undefined;
  /**
   * CPU time the scripted upstream used per request when called directly: what a bare node:http
   * server spends on one such request, the yardstick for how fast this machine is.
   */
  readonly upstreamCpuMsPerRequest: number | undefined;
  /** Largest sampled RSS of the gateway process during the scenario, in bytes. */
  readonly gatewayMaxRssBytes: number | undefined;
  /** The gateway process's lifetime RSS high-water mark (VmHWM) at the end of the scenario, in bytes. */
  readonly gatewayPeakRssBytes: number | undefined;
}
