import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Debian's Postgres 15 server binaries (package postgresql-15); `LUTHIEN_TEST_PG_BIN` points elsewhere. */
const binDir = process.env.LUTHIEN_TEST_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PostgresServer {
  readonly port: number;
  /** Superuser URL (trust auth, no password) of the `postgres` database, over loopback TCP. */
  readonly url: string;
  /** Stops the server: `fast` closes sessions cleanly, `immediate` is a crash as clients see it. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Starts it again on the same port with the same data. */
  start(): Promise<void>;
  /** Stops the server (if running) and removes its directory. */
  dispose(): Promise<void>;
}

/**
 * A throwaway Postgres for tests: a fresh cluster in a temporary directory, on a free loopback port,
 * its socket in that directory, durability off (fsync and friends) for speed. Postgres refuses to
 * run as root, so as root (CI) every server command runs as the `postgres` user via runuser.
 * Throws, with the server's log, when it cannot start: tests must fail, never skip.
 */
export async function startPostgres(): Promise<PostgresServer> {
  if (!existsSync(join(binDir, 'postgres'))) {
    throw new Error(`Postgres server binaries not found in ${binDir}: install postgresql-15 (apt-get install postgresql-15) or set LUTHIEN_TEST_PG_BIN.`);
  }
  const asRoot = process.getuid?.() === 0;
  const dir = await mkdtemp(join(tmpdir(), 'luthien-pg-'));
  if (asRoot) {
    const [uid, gid] = await Promise.all([idOf('-u'), idOf('-g')]);
    await chown(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  const server = (program: string, args: readonly string[]) => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(binDir, program), ...args]] : [join(binDir, program), [...args]];
    // cwd: the server user may not be allowed into the project's directory.
    return run(file, argv, { cwd: dir, timeout: 60_000 });
  };
  await server('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']).catch((error: unknown) => {
    throw withOutput('initdb failed', error);
  });

  let port = 0;
  const start = async (): Promise<void> => {
    // fsync off: data reaches the OS but not the disk, which survives a server crash (`stop('immediate')`)
    // though not a machine's. synchronous_commit stays on, or a commit acknowledged before a crash
    // could be lost, and fault tests check that nothing recorded before a fault is.
    const options = [`-p ${port}`, `-k ${dir}`, '-c listen_addresses=127.0.0.1', '-c fsync=off', '-c full_page_writes=off', '-c max_connections=300'];
    await server('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '30', '-o', options.join(' '), 'start']).catch(async (error: unknown) => {
      throw withOutput(`Postgres did not start on port ${port}; its log:\n${await readFile(log, 'utf8').catch(() => '(no log)')}`, error);
    });
  };
  // The free port may be taken between finding and binding it; a few tries make that race harmless.
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      await start();
      break;
    } catch (error) {
      if (attempt === 3) {
        await rm(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }

  let running = true;
  const stop = async (mode: 'fast' | 'immediate' = 'fast'): Promise<void> => {
    await server('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']);
    running = false;
  };
  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop,
    async start() {
      await start();
      running = true;
    },
    async dispose() {
      if (running) await stop('immediate').catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function idOf(flag: '-u' | '-g'): Promise<number> {
  const { stdout } = await run('id', [flag, 'postgres']);
  return Number(stdout.trim());
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function withOutput(message: string, error: unknown): Error {
  const output = error as { stdout?: string; stderr?: string };
  return new Error(`${message}\n${output.stderr ?? ''}${output.stdout ?? ''}`.trim(), { cause: error });
}
