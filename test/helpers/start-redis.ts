import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  /** False between `stop` and `start`. */
  readonly running: boolean;
  /** Stops the server: SIGKILL (default) is a crash, SIGTERM a clean shutdown. Resolves once it has exited. */
  stop(signal?: 'SIGKILL' | 'SIGTERM'): Promise<void>;
  /** Freezes it (SIGSTOP): connections stay open and nothing answers, like a hung server. */
  freeze(): void;
  /** Lets a frozen server run again (SIGCONT). */
  thaw(): void;
  /** Starts it again on the same port (after `stop`). */
  start(): Promise<void>;
  /** Stops it and removes its directory. */
  close(): Promise<void>;
}

/** Every server still running, killed if the test process exits without closing them. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * A real `redis-server` for the tests, on a free loopback port, in its own temporary directory, with no
 * persistence. It must be installed (`.ci/run` installs it): a missing server fails the test, since a
 * skipped Redis test would pass without testing anything.
 */
export async function startRedis(): Promise<RedisServer> {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) {
    throw new Error('redis-server is not installed: `apt-get install -y redis-server` (CI installs it in .ci/run)');
  }
  const dir = mkdtempSync(join(tmpdir(), 'luthien-redis-'));
  let port = 0;
  let child: ChildProcess | undefined;
  // A free port can be taken between probing and binding; try another then.
  for (let attempt = 1; child === undefined; attempt += 1) {
    port = await freePort();
    try {
      child = await launch(port, dir);
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }

  const server: RedisServer = {
    url: `redis://127.0.0.1:${port}`,
    port,
    get running() {
      return child !== undefined;
    },
    async stop(signal = 'SIGKILL') {
      if (child === undefined) return;
      const exiting = child;
      child = undefined;
      await stopProcess(exiting, signal);
    },
    freeze() {
      child?.kill('SIGSTOP');
    },
    thaw() {
      child?.kill('SIGCONT');
    },
    async start() {
      if (child !== undefined) throw new Error('redis-server is already running');
      child = await launch(port, dir);
    },
    async close() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}

function launch(port: number, dir: string): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'notice'];
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      if (output.includes('Ready to accept connections')) {
        child.stdout.off('data', onData);
        // Keep draining so a full pipe never blocks the server.
        child.stdout.resume();
        child.off('exit', onExit);
        resolve(child);
      }
    };
    const onExit = (code: number | null): void => reject(new Error(`redis-server exited (${code ?? 'signal'}) before it was ready:\n${output}`));
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', onExit);
    child.once('error', reject);
  });
}

function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
    // A frozen server would sit on SIGTERM until thawed.
    child.kill('SIGCONT');
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
