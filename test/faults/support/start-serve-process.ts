import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startMockUpstream } from '../../../src/mock-upstream/mock-upstream.js';
import { waitFor } from '../../integration/support/wait-for.js';

// tsx's loader in the gateway's own node process (not its CLI, which runs the script in a child):
// the process the test signals, and sees exit, is the gateway itself.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const main = fileURLToPath(new URL('../../../src/cli/main.ts', import.meta.url));

/** Every process still running, killed if the test process exits without closing them. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface ServeProcess {
  readonly url: string;
  /** The exit code (or signal) once the process has exited; undefined while it runs. */
  exited(): string | undefined;
  /** What it wrote to stdout and stderr so far. */
  output(): string;
  close(): Promise<void>;
}

/**
 * `luthien serve` as a separate process, from source, in front of a fresh scripted upstream, with only
 * `env` (and a temporary DATA_DIR) in its environment. A fault that kills the process (an uncaught
 * exception) is then seen as it would be in production: the process is gone.
 */
export async function startServeProcess(env: Readonly<Record<string, string>>): Promise<ServeProcess> {
  const upstream = await startMockUpstream({ port: 0 });
  const dataDir = await mkdtemp(join(tmpdir(), 'luthien-faults-serve-'));
  const child = spawn(process.execPath, ['--import', tsxLoader, main, 'serve', '--port', '0', '--host', '127.0.0.1'], {
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, ANTHROPIC_UPSTREAM_URL: upstream.url, OPENAI_UPSTREAM_URL: `${upstream.url}/v1`, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  let exit: string | undefined;
  const exitedPromise = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      exit = code === null ? String(signal) : String(code);
      resolve();
    }),
  );
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const close = async () => {
    if (exit === undefined) child.kill('SIGTERM');
    await exitedPromise;
    await upstream.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  let url: string;
  try {
    url = await waitFor(
      () => {
        if (exit !== undefined) throw new Error(`luthien serve exited (${exit}) before listening:\n${output}`);
        return /listening on (http:\/\/\S+)/.exec(output)?.[1];
      },
      30_000,
      'luthien serve to listen',
    );
  } catch (error) {
    await close();
    throw error;
  }
  return { url, exited: () => exit, output: () => output, close };
}
