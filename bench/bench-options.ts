import { parseArgs } from 'node:util';
import { BENCH_FORMATS, isBenchFormat, type BenchFormat } from './bench-format.js';

/** What one `npm run bench` run does; every load loop is bounded by both a count and a time cap. */
export interface BenchOptions {
  /** The client APIs to measure, each with the same scenarios, in the order given. */
  readonly formats: readonly BenchFormat[];
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

const USAGE = `usage: npm run bench -- [--formats ${BENCH_FORMATS.join(',')}] [--requests N] [--seconds S] [--warmup N] [--out FILE] [--profile DIR]`;

export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      formats: { type: 'string', default: BENCH_FORMATS.join(',') },
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
    formats: formatList(values.formats),
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

function formatList(text: string): BenchFormat[] {
  const formats: BenchFormat[] = [];
  for (const name of text.split(',').map((item) => item.trim())) {
    if (!isBenchFormat(name)) throw new Error(`--formats: unknown format "${name}"; choose from ${BENCH_FORMATS.join(', ')}\n${USAGE}`);
    if (!formats.includes(name)) formats.push(name);
  }
  return formats;
}
