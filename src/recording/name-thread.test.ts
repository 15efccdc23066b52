import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { threadNames } from '../../test/helpers/thread-names.js';

const require = createRequire(import.meta.url);

describe.runIf(process.platform === 'linux')('a thread’s name', () => {
  it('names the thread that asks, not the process, cut to what Linux keeps', async () => {
    const source = fileURLToPath(new URL('./name-thread.ts', import.meta.url));
    // A worker thread names itself, then waits to be looked at.
    const worker = new Worker(
      `require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register();
       const { nameThread } = require(${JSON.stringify(source)});
       const { parentPort } = require('node:worker_threads');
       nameThread('luthien-record-thread');
       parentPort.postMessage('named');
       parentPort.once('message', () => process.exit(0));`,
      { eval: true },
    );
    await new Promise((resolve) => worker.once('message', resolve));
    const names = threadNames();
    worker.postMessage('done');
    await new Promise((resolve) => worker.once('exit', resolve));
    expect(names).toContain('luthien-record-');
    expect(readFileSync(`/proc/self/task/${process.pid}/comm`, 'utf8').trim()).not.toBe('luthien-record-');
  });
});
