import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';

const READY_TIMEOUT_MS = 15_000;
const READY_POLL_MS = 50;
const STOP_GRACE_MS = 5_000;
// Enough of a dying child's output to say why it died, without holding a chatty one's whole log.
const OUTPUT_TAIL_CHARS = 4_000;

/** The `luthien` command of this checkout (from `dist/bench/`). */
export const LUTHIEN_BIN = fileURLToPath(new URL('../../bin/luthien.js', import.meta.url));

/** Every child still running, so an exit from any path (error, signal) can take them down. */
const running = new Set<ChildProcess>();

process.on('exit', () => {
  // Last resort: an 'exit' handler cannot wait, so anything not already stopped is killed outright.
  for (const child of running) child.kill('SIGKILL');
});

export interface ChildServerOptions {
  readonly name: string;
  /** Arguments after `bin/luthien.js`. */
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /** Flags for the child's node (e.g. `--cpu-prof`). */
  readonly nodeFlags?: readonly string[];
  /** A URL that answers (any status) once the server is ready. */
  readonly readyUrl: string;
}

/** A `luthien` sub-command running as its own process, as it would in production. */
export class ChildServer {
  private output = '';
  private readonly exited: Promise<void>;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    running.add(child);
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => {
      child.once('exit', () => {
        running.delete(child);
        resolve();
      });
    });
  }

  static async start(options: ChildServerOptions): Promise<ChildServer> {
    const child = spawn(process.execPath, [...(options.nodeFlags ?? []), LUTHIEN_BIN, ...options.args], {
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const server = new ChildServer(options.name, child);
    try {
      await server.waitUntilAnswers(options.readyUrl);
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  }

  get pid(): number {
    const { pid } = this.child;
    if (pid === undefined) throw new Error(`${this.name} has no pid: it failed to spawn`);
    return pid;
  }

  get isRunning(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGTERM lets the gateway finish cleanly (and write a CPU profile); SIGKILL if it lingers. */
  async stop(): Promise<void> {
    if (!this.isRunning) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_GRACE_MS);
    await this.exited;
    clearTimeout(timer);
  }

  private async waitUntilAnswers(url: string): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      if (!this.isRunning) throw new Error(`${this.name} exited before it answered:\n${this.output}`);
      try {
        const response = await request(url, { headersTimeout: 1_000, bodyTimeout: 1_000 });
        await response.body.dump();
        return;
      } catch {
        // Not listening yet: poll again until the deadline.
      }
      if (Date.now() > deadline) throw new Error(`${this.name} did not answer ${url} within ${READY_TIMEOUT_MS} ms:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
    }
  }
}
