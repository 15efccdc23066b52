import { Pool } from 'undici';
import { afterAll, beforeAll } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';
import { LIMITS, type MalformedCase } from './malformed-case-builders.js';
import { sendRawRequest, type RawAnswer } from './send-raw-request.js';

const CONCURRENCY = 8;
// pino's numeric level for `error`.
const PINO_ERROR = 50;

/** The gateway a fuzz file fires its malformed requests at, running with the fuzz LIMITS. */
export interface FuzzGateway {
  readonly gateway: TestGateway;
  /** A few keep-alive connections to it, one request in flight on each. */
  readonly pool: Pool;
  /** Sends every case to `path`, a few at a time, and returns a line per problem `check` finds in an answer. */
  failuresOf<C extends MalformedCase>(path: string, cases: readonly C[], check: (testCase: C, answer: RawAnswer) => string[]): Promise<string[]>;
  /** The log lines at `error` or above: client mistakes must never be logged as Luthien's own failures. */
  errorLogs(): Record<string, unknown>[];
}

/** Starts the gateway before the file's tests and closes it after them. */
export function useFuzzGateway(): FuzzGateway {
  let started: { gateway: TestGateway; pool: Pool } | undefined;
  beforeAll(async () => {
    const gateway = await startTestGateway({
      env: { MAX_REQUEST_BYTES: String(LIMITS.maxRequestBytes), MAX_MESSAGES: String(LIMITS.maxMessages), LOG_LEVEL: 'warn' },
    });
    started = { gateway, pool: new Pool(gateway.url, { connections: CONCURRENCY, pipelining: 1 }) };
  });
  afterAll(async () => {
    await started?.pool.close();
    await started?.gateway.close();
  });
  const current = (): { gateway: TestGateway; pool: Pool } => {
    if (started === undefined) throw new Error('the fuzz gateway starts in beforeAll');
    return started;
  };

  return {
    get gateway() {
      return current().gateway;
    },
    get pool() {
      return current().pool;
    },
    async failuresOf(path, cases, check) {
      const { pool } = current();
      const failures: string[] = [];
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < cases.length) {
          const index = next++;
          const testCase = cases[index];
          if (testCase === undefined) continue;
          try {
            const problems = check(testCase, await sendRawRequest(pool, path, testCase.body, testCase));
            for (const problem of problems) failures.push(`#${index} ${testCase.name}: ${problem}`);
          } catch (error) {
            failures.push(`#${index} ${testCase.name}: request failed: ${String(error)}`);
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      return failures;
    },
    errorLogs: () => current().gateway.logs.filter((line) => typeof line.level === 'number' && line.level >= PINO_ERROR),
  };
}
