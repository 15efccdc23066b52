import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { schedulingOf, threadScheduling } from '../../test/helpers/thread-scheduling.js';
import { SCHED_IDLE } from './run-thread-when-idle.js';

const require = createRequire(import.meta.url);
const source = fileURLToPath(new URL('./run-thread-when-idle.ts', import.meta.url));

/** Runs `runThreadWhenIdle(chrt)` in a worker thread named `name`, and reports how it went. */
async function inWorker(name: string, chrt?: string): Promise<{ worker: Worker; outcome: string }> {
  const worker = new Worker(
    `require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register();
     const { writeFileSync } = require('node:fs');
     const { runThreadWhenIdle } = require(${JSON.stringify(source)});
     const { parentPort } = require('node:worker_threads');
     writeFileSync('/proc/thread-self/comm', ${JSON.stringify(name)});
     runThreadWhenIdle(${chrt === undefined ? '' : JSON.stringify(chrt)}).then(
       () => parentPort.postMessage('idle'),
       (error) => parentPort.postMessage(error.message),
     );
     parentPort.once('message', () => process.exit(0));`,
    { eval: true },
  );
  const outcome = await new Promise<string>((resolve) => worker.once('message', resolve));
  return { worker, outcome };
}

async function stop(worker: Worker): Promise<void> {
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  worker.postMessage('done');
  await exited;
}

describe.runIf(process.platform === 'linux')('running a thread when the CPU is idle', () => {
  it('puts the calling thread under SCHED_IDLE, and no other', async () => {
    const { worker, outcome } = await inWorker('idle-test');
    try {
      expect(outcome).toBe('idle');
      expect(threadScheduling('idle-test').map((thread) => thread.policy)).toEqual([SCHED_IDLE]);
      // The thread that asked, not the process: the main thread still runs as it did.
      expect(schedulingOf(process.pid).policy).toBe(0);
    } finally {
      await stop(worker);
    }
  });

  it('says why, and leaves the thread as it was, where chrt cannot be run', async () => {
    const { worker, outcome } = await inWorker('no-chrt-test', '/nonexistent/chrt');
    try {
      expect(outcome).toMatch(/^\/nonexistent\/chrt -i -p 0 \d+ failed: .*ENOENT/);
      expect(threadScheduling('no-chrt-test').map((thread) => thread.policy)).toEqual([0]);
    } finally {
      await stop(worker);
    }
  });
});

