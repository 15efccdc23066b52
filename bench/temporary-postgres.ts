import { execFile, execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findFreePort } from './find-free-port.js';

const run = promisify(execFile);

/** Debian's Postgres 15 server binaries (package postgresql-15); `LUTHIEN_BENCH_PG_BIN` points elsewhere. */
const BIN_DIR = process.env.LUTHIEN_BENCH_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const COMMAND_TIMEOUT_MS = 60_000;
const START_ATTEMPTS = 3;

/** Every server directory not yet disposed of, with the command that stops its server if it runs. */
const pending = new Map<string, readonly string[] | undefined>();

process.on('exit', () => {
  // pg_ctl daemonises the server, so it would outlive the bench; an 'exit' handler cannot wait, hence
  // sync. The server is stopped before its directory goes, or pg_ctl could no longer find it.
  for (const [dir, stop] of pending) {
    try {
      if (stop !== undefined) execFileSync(stop[0] ?? '', stop.slice(1), { cwd: dir, stdio: 'ignore', timeout: 10_000 });
    } catch {
      // Best effort: the server may already be gone.
    }
    rmSync(dir, { recursive: true, force: true });
  }
});

export interface TemporaryPostgres {
  /** Superuser URL (trust auth, no password) of the `postgres` database, over loopback TCP. */
  readonly url: string;
  /** The postmaster's process id, read from `postmaster.pid`: the root of the server's processes. */
  readonly pid: number;
  /** Stops the server and removes its directory. */
  dispose(): Promise<void>;
}

/**
 * A throwaway Postgres for one bench run: a fresh cluster in a temporary directory on a free loopback
 * port. The bench build compiles `src` and `bench` only, so this is the bench's own small copy of what
 * `test/helpers/start-postgres.ts` does, rather than an import that would put a test helper in `dist`.
 * Unlike the tests' server it keeps Postgres' default durability (fsync, full page writes): the bench
 * measures a database as an operator would run it. Postgres refuses to run as root, so as root every
 * server command runs as the `postgres` user via runuser.
 */
export async function startTemporaryPostgres(): Promise<TemporaryPostgres> {
  if (!existsSync(join(BIN_DIR, 'postgres'))) {
    throw new Error(`Postgres server binaries not found in ${BIN_DIR}: install postgresql-15 or set LUTHIEN_BENCH_PG_BIN (or run with --skip-postgres).`);
  }
  const asRoot = process.getuid?.() === 0;
  const dir = await mkdtemp(join(tmpdir(), 'luthien-bench-pg-'));
  pending.set(dir, undefined);
  const remove = async (): Promise<void> => {
    await rm(dir, { recursive: true, force: true });
    pending.delete(dir);
  };
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  const command = (program: string, args: readonly string[]): string[] =>
    asRoot ? ['runuser', '-u', 'postgres', '--', join(BIN_DIR, program), ...args] : [join(BIN_DIR, program), ...args];
  const server = (program: string, args: readonly string[]): Promise<unknown> => {
    const [file = '', ...argv] = command(program, args);
    // cwd: the server's user may not be allowed into the project's directory.
    return run(file, argv, { cwd: dir, timeout: COMMAND_TIMEOUT_MS });
  };
  try {
    if (asRoot) await chown(dir, await idOf('-u'), await idOf('-g'));
    // --no-sync only skips flushing the new cluster's files to disk; the running server keeps fsync on.
    await server('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']).catch((error: unknown) => {
      throw withOutput('initdb failed', error);
    });
    // The free port may be taken between finding and binding it; a few tries make that race harmless.
    for (let attempt = 1; ; attempt += 1) {
      const port = await findFreePort();
      const options = [`-p ${port}`, `-k ${dir}`, '-c listen_addresses=127.0.0.1'].join(' ');
      try {
        await server('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '30', '-o', options, 'start']);
      } catch (error) {
        if (attempt < START_ATTEMPTS) continue;
        throw withOutput(`Postgres did not start; its log:\n${await readFile(log, 'utf8').catch(() => '(no log)')}`, error);
      }
      pending.set(dir, command('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']));
      const stop = async (): Promise<void> => {
        await server('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
        pending.set(dir, undefined);
      };
      const pid = Number((await readFile(join(data, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0]);
      if (!Number.isInteger(pid) || pid <= 0) {
        await stop();
        throw new Error(`Postgres started but ${join(data, 'postmaster.pid')} names no process`);
      }
      return {
        url: `postgres://postgres@127.0.0.1:${port}/postgres`,
        pid,
        async dispose() {
          await stop();
          await remove();
        },
      };
    }
  } catch (error) {
    await remove();
    throw error;
  }
}

async function idOf(flag: '-u' | '-g'): Promise<number> {
  const { stdout } = await run('id', [flag, 'postgres']);
  return Number(stdout.trim());
}

function withOutput(message: string, error: unknown): Error {
  const output = error as { stdout?: string; stderr?: string };
  return new Error(`${message}\n${output.stderr ?? ''}${output.stdout ?? ''}`.trim(), { cause: error });
}
