import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

/**
 * Runs `luthien <args>` from source in a child process, with only the given settings in its
 * environment (nothing leaks in from the developer's shell), and resolves with how it ended.
 */
export function runLuthienCli(args: readonly string[], env: Readonly<Record<string, string>>): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [tsxCli, main, ...args],
      { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
