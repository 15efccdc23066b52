import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Pool } from 'undici';
import { benchWorkload } from './bench-workload.js';
import type { BenchOptions } from './bench-options.js';
import { LUTHIEN_BIN, type ChildServer } from './child-server.js';
import { postgresFigures, sqliteFigures, type DatabaseFigures } from './database-figures.js';
import { readRecorderStatus, waitForRecorderDrain } from './read-recorder-status.js';
import type { RecorderCheck, RecordingMode, RecordingScenarioResult, RecordingSuiteResult } from './recording-result.js';
import { runRecordingScenario, type LoadTarget } from './run-recording-scenario.js';
import { startLuthien } from './start-luthien.js';
import { makeTemporaryDirectory } from './temporary-directory.js';
import { startTemporaryPostgres, type TemporaryPostgres } from './temporary-postgres.js';

const run = promisify(execFile);

export interface RecordingSuiteContext {
  readonly options: BenchOptions;
  readonly baseEnv: NodeJS.ProcessEnv;
  readonly upstreamUrl: string;
  readonly upstreamPid: number;
  readonly progress: (message: string) => void;
}

/** The load shapes of the recording suite: under load is where a recorder's cost shows as lost throughput. */
const SHAPES = [
  { name: 'stream c=32', stream: true, concurrency: 32 },
  { name: 'non-stream c=32', stream: false, concurrency: 32 },
] as const;
// Recording is the same code whatever the client's API (records are neutral), so one format is enough.
const FORMAT = 'anthropic';
const DRAIN_TIMEOUT_MS = 60_000;
const MIGRATE_TIMEOUT_MS = 60_000;

interface RecordingGateway {
  readonly mode: RecordingMode;
  readonly server: ChildServer;
  readonly url: string;
  readonly dataDir: string;
}

/**
 * The cost of recording: the same load sent directly to the scripted upstream and to three gateways
 * (noop policy) that differ only in recording: off, on a fresh SQLite file, on a fresh Postgres
 * (migrated with `luthien db migrate`). Afterwards each recorder must have written every call the bench
 * made, dropped none, and its database must hold exactly one row per call.
 */
export async function runRecordingSuite(context: RecordingSuiteContext): Promise<RecordingSuiteResult> {
  const { options, progress } = context;
  const temp = await makeTemporaryDirectory('luthien-bench-recording-');
  const gateways: RecordingGateway[] = [];
  const pools: Pool[] = [];
  let postgres: TemporaryPostgres | undefined;
  try {
    if (!options.skipPostgres) {
      progress('starting a temporary Postgres 15');
      postgres = await startTemporaryPostgres();
      progress(`migrating it: luthien db migrate (${postgres.url})`);
      await migrate(context.baseEnv, postgres.url);
    }
    const modes: RecordingMode[] = ['off', 'sqlite', ...(postgres === undefined ? [] : ['postgres' as const])];
    for (const mode of modes) {
      const dataDir = join(temp.path, mode);
      const env: Record<string, string> = { DATA_DIR: dataDir, RECORD_CALLS: mode === 'off' ? 'false' : 'true' };
      if (mode === 'postgres' && postgres !== undefined) env.DATABASE_URL = postgres.url;
      progress(`starting Luthien with recording ${mode === 'off' ? 'off' : `on ${mode}`}`);
      const started = await startLuthien({
        name: `luthien (recording ${mode})`,
        baseEnv: context.baseEnv,
        upstreamUrl: context.upstreamUrl,
        env,
        profileDir: options.profileDir === undefined ? undefined : join(options.profileDir, `recording-${mode}`),
      });
      gateways.push({ mode, server: started.server, url: started.url, dataDir });
      const status = await readRecorderStatus(started.url);
      if (status.enabled !== (mode !== 'off')) throw new Error(`Luthien (recording ${mode}) reports its recorder ${status.enabled ? 'enabled' : 'disabled'}`);
    }
    const sizesAtStart = new Map<RecordingMode, number | undefined>();
    for (const gateway of gateways) sizesAtStart.set(gateway.mode, (await databaseFigures(gateway, postgres))?.bytes);

    const pool = (url: string): Pool => {
      const created = new Pool(url, { connections: Math.max(...SHAPES.map((shape) => shape.concurrency)), pipelining: 1, keepAliveTimeout: 30_000 });
      pools.push(created);
      return created;
    };
    const targets: LoadTarget[] = [
      { name: 'direct', pool: pool(context.upstreamUrl), pid: context.upstreamPid, gatewayUrl: undefined, records: false, databasePid: undefined, calls: 0 },
      ...gateways.map((gateway) => ({
        name: gateway.mode,
        pool: pool(gateway.url),
        pid: gateway.server.pid,
        gatewayUrl: gateway.url,
        records: gateway.mode !== 'off',
        databasePid: gateway.mode === 'postgres' ? postgres?.pid : undefined,
        calls: 0,
      })),
    ];

    const workload = benchWorkload(FORMAT);
    const scenarios: RecordingScenarioResult[] = [];
    for (const shape of SHAPES) {
      progress(`running recording ${shape.name} (${targets.map((target) => target.name).join(', ')})`);
      const request = { path: workload.path, headers: workload.headers, body: workload.body(shape.stream), streamEnd: shape.stream ? workload.streamEnd : undefined };
      scenarios.push(
        await runRecordingScenario(targets, request, {
          ...shape,
          requests: options.recordingRequests,
          seconds: options.recordingSeconds,
          warmupRequests: options.recordingWarmupRequests,
          drainTimeoutMs: DRAIN_TIMEOUT_MS,
        }),
      );
    }

    // The recorders' own figures, once every call is accounted for; then the databases, once the
    // gateways have closed them.
    const statuses = new Map<RecordingMode, Awaited<ReturnType<typeof readRecorderStatus>>>();
    for (const target of targets) {
      if (!target.records || target.gatewayUrl === undefined || target.name === 'direct') continue;
      statuses.set(target.name, await waitForRecorderDrain(target.gatewayUrl, target.calls, DRAIN_TIMEOUT_MS));
    }
    await Promise.all(gateways.map((gateway) => gateway.server.stop()));
    const recorders: RecorderCheck[] = [];
    for (const gateway of gateways) {
      const recorder = statuses.get(gateway.mode);
      if (recorder === undefined) continue;
      const callsMade = targets.find((target) => target.name === gateway.mode)?.calls ?? 0;
      const database = await databaseFigures(gateway, postgres);
      const before = sizesAtStart.get(gateway.mode);
      const bytesPerCall = database === undefined || before === undefined || database.calls === 0 ? undefined : (database.bytes - before) / database.calls;
      recorders.push({ mode: gateway.mode, callsMade, recorder, database, bytesPerCall });
    }
    const callsMade: Partial<Record<RecordingMode, number>> = {};
    for (const target of targets) if (target.name !== 'direct') callsMade[target.name] = target.calls;
    return { format: FORMAT, scenarios, recorders, callsMade };
  } finally {
    await Promise.all(pools.map((pool) => pool.close()));
    await Promise.all(gateways.map((gateway) => gateway.server.stop()));
    await postgres?.dispose();
    await temp.remove();
  }
}

async function migrate(baseEnv: NodeJS.ProcessEnv, databaseUrl: string): Promise<void> {
  try {
    await run(process.execPath, [LUTHIEN_BIN, 'db', 'migrate'], { env: { ...baseEnv, DATABASE_URL: databaseUrl }, timeout: MIGRATE_TIMEOUT_MS });
  } catch (error) {
    const output = error as { stdout?: string; stderr?: string };
    throw new Error(`luthien db migrate failed: ${output.stderr ?? ''}${output.stdout ?? ''}`.trim(), { cause: error });
  }
}

function databaseFigures(gateway: RecordingGateway, postgres: TemporaryPostgres | undefined): Promise<DatabaseFigures> | undefined {
  if (gateway.mode === 'sqlite') return sqliteFigures(gateway.dataDir);
  if (gateway.mode === 'postgres' && postgres !== undefined) return postgresFigures(postgres.url);
  return undefined;
}
