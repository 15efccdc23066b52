import { writeFileSync } from 'node:fs';

/** Linux keeps 15 bytes of a thread's name. */
const maxThreadNameLength = 15;

/** The recording worker's thread (record-worker.ts), as `top -H` shows it. */
export const recorderThreadName = 'luthien-record';

/**
 * Names the calling thread as the system shows it (`top -H`, `ps -L`, `/proc/<pid>/task/*\/comm`), so
 * an operator, or the bench, can tell the recording worker's CPU from the thread that serves requests:
 * every thread of a Node process is otherwise called `node`. Linux only, and best effort: without
 * procfs, or where it is read-only, the thread keeps its name.
 */
export function nameThread(name: string): void {
  if (process.platform !== 'linux') return;
  try {
    writeFileSync('/proc/thread-self/comm', name.slice(0, maxThreadNameLength));
  } catch {
    // Not permitted here: a name is only a convenience.
  }
}
