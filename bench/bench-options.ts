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
  /**
   * Directory for V8 CPU profiles of the gateway processes (`node --cpu-prof`), written when they exit:
   * the formats' gateway's in the directory itself, the recording suite's in `recording-<mode>/`.
   */
  readonly profileDir: string | undefined;
  /** Which parts run: the per-format scenarios, the recording suite, or both (the default). */
  readonly suites: { readonly formats: boolean; readonly recording: boolean };
  /** Recording suite: measured requests per target per scenario (a cap, like `requests`). */
  readonly recordingRequests: number;
  /** Recording suite: measured seconds per target per scenario (a cap). */
  readonly recordingSeconds: number;
  /**
   * Recording suite: unmeasured requests per target before each scenario. More than `warmupRequests`:
   * the recording worker runs on idle CPU and is compiled as it gets to its records, and its code must
   * be optimised before the measurement, or its compilation is charged to recording.
   */
  readonly recordingWarmupRequests: number;
  /** Recording suite without its Postgres gateway (a machine without Postgres 15 binaries). */
  readonly skipPostgres: boolean;
}

const USAGE = [
  `usage: npm run bench -- [--formats ${BENCH_FORMATS.join(',')}] [--requests N] [--seconds S] [--warmup N] [--out FILE] [--profile DIR]`,
  '                        [--recording | --skip-recording] [--recording-requests N] [--recording-seconds S] [--recording-warmup N] [--skip-postgres]',
  '  --recording        only the recording suite (cost of recording calls: off, SQLite, Postgres)',
  '  --skip-recording   only the per-format scenarios',
].join('\n');

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
      recording: { type: 'boolean', default: false },
      'skip-recording': { type: 'boolean', default: false },
      'recording-requests': { type: 'string', default: '18000' },
      'recording-seconds': { type: 'string', default: '15' },
      'recording-warmup': { type: 'string', default: '6000' },
      'skip-postgres': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  if (values.recording && values['skip-recording']) throw new Error(`--recording and --skip-recording exclude each other\n${USAGE}`);
  return {
    formats: formatList(values.formats),
    requests: positive('--requests', values.requests),
    scenarioSeconds: positive('--seconds', values.seconds),
    warmupRequests: positive('--warmup', values.warmup),
    out: values.out,
    profileDir: values.profile,
    suites: { formats: !values.recording, recording: !values['skip-recording'] },
    recordingRequests: positive('--recording-requests', values['recording-requests']),
    recordingSeconds: positive('--recording-seconds', values['recording-seconds']),
    recordingWarmupRequests: positive('--recording-warmup', values['recording-warmup']),
    skipPostgres: values['skip-postgres'],
  };
}

/** A flag's value as a positive number, or an error that shows `usage`. */
export function positiveNumber(flag: string, text: string, usage: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${flag} must be a positive number, got ${text}\n${usage}`);
  return value;
}

function positive(flag: string, text: string): number {
  return positiveNumber(flag, text, USAGE);
}

function formatList(text: string): BenchFormat[] {
  const formats: BenchFormat[] = [];
  for (const name of text.split(',').map((item) => item.trim())) {
    if (!isBenchFormat(name)) throw new Error(`--formats: unknown format "${name}"; choose from ${BENCH_FORMATS.join(', ')}\n${USAGE}`);
    if (!formats.includes(name)) formats.push(name);
  }
  return formats;
}
