import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig, type Config } from '../../src/config/load-config.js';
import type { Policy } from '../../src/core/policy.js';
import type { CallRecorder } from '../../src/pipeline/handle-model-call.js';
import { startMockUpstream, type MockUpstream } from '../../src/mock-upstream/mock-upstream.js';
import { createLogger } from '../../src/observability/logger.js';
import { OUTPUT_VIOLATION_MESSAGE } from '../../src/pipeline/log-output-violations.js';
import { startGateway, type RunningGateway } from '../../src/serve.js';

export interface TestGateway {
  readonly url: string;
  readonly upstream: MockUpstream;
  readonly gateway: RunningGateway;
  /** Every log line the gateway wrote, parsed. */
  readonly logs: Record<string, unknown>[];
  /** What the output validator found wrong in the responses sent so far (`STREAM_VALIDATION=log`). */
  outputViolations(): Record<string, unknown>[];
  /** Closes everything; throws if the output validator found any violation (unless `allowOutputViolations`). */
  close(): Promise<void>;
}

/**
 * A real gateway on a free loopback port in front of a fresh scripted upstream, for integration tests.
 * `env` holds settings as they would come from the environment.
 */
export async function startTestGateway(
  options: {
    env?: Record<string, string>;
    policy?: Policy;
    upstream?: MockUpstream;
    recorder?: CallRecorder;
    /** For tests that relay a broken upstream answer on purpose: violations are still logged, but do not fail the test. */
    allowOutputViolations?: boolean;
  } = {},
): Promise<TestGateway> {
  const upstream = options.upstream ?? (await startMockUpstream({ port: 0 }));
  const dataDir = await mkdtemp(join(tmpdir(), 'luthien-test-data-'));
  const config: Config = loadConfig({
    GATEWAY_PORT: '0',
    GATEWAY_HOST: '127.0.0.1',
    ANTHROPIC_UPSTREAM_URL: upstream.url,
    OPENAI_UPSTREAM_URL: `${upstream.url}/v1`,
    LOG_LEVEL: 'debug',
    // Every response the test suite makes the gateway send is checked by its format's validator.
    STREAM_VALIDATION: 'log',
    // Each gateway records into its own SQLite file, removed when it closes.
    DATA_DIR: dataDir,
    ...options.env,
  });
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') logs.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  let gateway: RunningGateway;
  try {
    gateway = await startGateway(config, {
      logger: createLogger(config.LOG_LEVEL, sink),
      ...(options.policy ? { policy: options.policy } : {}),
      ...(options.recorder ? { recorder: options.recorder } : {}),
    });
  } catch (error) {
    if (options.upstream === undefined) await upstream.close();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const outputViolations = () => logs.filter((line) => line.msg === OUTPUT_VIOLATION_MESSAGE);
  return {
    url: gateway.url,
    upstream,
    gateway,
    logs,
    outputViolations,
    async close() {
      await gateway.close();
      if (options.upstream === undefined) await upstream.close();
      await rm(dataDir, { recursive: true, force: true });
      const violations = outputViolations();
      if (violations.length > 0 && options.allowOutputViolations !== true) {
        const list = violations.map((line) => `  - ${String(line.format)} call ${String(line.callId)}: ${String(line.rule)}: ${String(line.detail)}`).join('\n');
        throw new Error(`the gateway sent ${violations.length} invalid response part(s) (STREAM_VALIDATION):\n${list}`);
      }
    },
  };
}
