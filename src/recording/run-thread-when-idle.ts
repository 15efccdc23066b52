import { execFile } from 'node:child_process';
import { readlinkSync } from 'node:fs';

/** Linux's number for the SCHED_IDLE policy, as `/proc/<pid>/task/<tid>/stat` reports a thread's policy. */
export const SCHED_IDLE = 5;

/** The longest `chrt` may take: it only makes one system call. */
const chrtTimeoutMs = 5000;

/**
 * Puts the calling thread under Linux's SCHED_IDLE policy: it then runs only on CPU time no other
 * thread wants, and a thread that wakes up to serve a request takes its core at once. A low priority
 * alone (a nice value) does not do that: the kernel lets a running thread finish its time slice,
 * some milliseconds, before a woken one of higher priority gets the core, and requests wait behind it.
 *
 * Node has no call for a thread's policy, so util-linux's `chrt` (BusyBox has one too) sets it, for
 * this thread alone (`/proc/thread-self` names it). Rejects, saying why, where it cannot: not Linux,
 * no `chrt`, or a sandbox that refuses the call. An unprivileged thread cannot leave the policy again.
 */
export async function runThreadWhenIdle(chrt = 'chrt'): Promise<void> {
  if (process.platform !== 'linux') throw new Error(`SCHED_IDLE is Linux's (this is ${process.platform})`);
  const threadId = ownThreadId();
  await new Promise<void>((resolve, reject) => {
    execFile(chrt, ['-i', '-p', '0', threadId], { timeout: chrtTimeoutMs }, (error, _stdout, stderr) => {
      if (error === null) resolve();
      else reject(new Error(`${chrt} -i -p 0 ${threadId} failed: ${stderr.trim() || error.message}`));
    });
  });
}

/** The calling thread's id as the kernel knows it: `/proc/thread-self` links to `<pid>/task/<tid>`. */
function ownThreadId(): string {
  const link = readlinkSync('/proc/thread-self');
  const threadId = link.slice(link.lastIndexOf('/') + 1);
  if (!/^\d+$/.test(threadId)) throw new Error(`/proc/thread-self links to ${link}, not to a thread`);
  return threadId;
}
