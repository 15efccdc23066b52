import { parseArgs } from 'node:util';

/** What one `npm run bench` run does; every load loop is bounded by both a count and a time cap. */
export interface BenchOptions {
  /** Measured requests per target (direct, through Luthien) per scenario. */
  readonly requests: number;
  /** Wall-clock cap for the measured part of one scenario, both targets together. */
  readonly scenarioSeconds: number;
  /**
   * Unmeasured requests per target before each scenario. The gateway's hot paths take a few thousand
   * requests to be fully optimised; measuring before that charges the JIT compiler to the proxy.
   */
  readonly warmupRequests: number;
  /** Where to write the JSON results; nothing is written without it, which keeps the work tree clean. */
  readonly out: string | undefined;
  /** Directory for a V8 CPU profile of the gateway process (`node --cpu-prof`), written when it exits. */
  readonly profileDir: string | undefined;
}

const USAGE = `usage: npm run bench -- [--requests N] [--seconds S] [--warmup N] [--out FILE] [--profile DIR]`;

export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      requests: { type: 'string', default: '5000' },
      seconds: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '1000' },
      out: { type: 'string' },
      profile: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  return {
    requests: positive('--requests', values.requests),
    scenarioSeconds: positive('--seconds', values.seconds),
    warmupRequests: positive('--warmup', values.warmup),
    out: values.out,
    profileDir: values.profile,
  };
}

function positive(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${flag} must be a positive number, got ${text}\n${USAGE}`);
  return value;
}
