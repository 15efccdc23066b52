import { readdirSync, readFileSync } from 'node:fs';

/** How Linux schedules one thread of this process. */
export interface ThreadScheduling {
  readonly threadId: number;
  /** The policy's number: 0 SCHED_OTHER, 3 SCHED_BATCH, 5 SCHED_IDLE. */
  readonly policy: number;
  readonly nice: number;
}

/** The scheduling of this process's threads named `name`. */
export function threadScheduling(name: string): ThreadScheduling[] {
  const found: ThreadScheduling[] = [];
  for (const threadId of readdirSync('/proc/self/task')) {
    try {
      if (readFileSync(`/proc/self/task/${threadId}/comm`, 'utf8').trim() === name) found.push(schedulingOf(Number(threadId)));
    } catch {
      // The thread ended while being read.
    }
  }
  return found;
}

/**
 * One thread's scheduling, from `/proc/self/task/<tid>/stat`: field 19 is the nice value, field 41 the
 * policy, counted from the pid. The name, field 2, may hold spaces and parentheses, so fields are
 * counted from after its closing one.
 */
export function schedulingOf(threadId: number): ThreadScheduling {
  const stat = readFileSync(`/proc/self/task/${threadId}/stat`, 'utf8');
  // fields[0] is field 3, the state.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { threadId, nice: Number(fields[19 - 3]), policy: Number(fields[41 - 3]) };
}
