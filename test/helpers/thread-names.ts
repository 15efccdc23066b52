import { readdirSync, readFileSync } from 'node:fs';

/** The names of this process's threads, as the system shows them (Linux: `/proc/self/task/*\/comm`). */
export function threadNames(): string[] {
  return readdirSync('/proc/self/task').map((tid) => readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim());
}
