import { execFileSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';

/**
 * CPU time (user + system, all threads) another process has used so far, in milliseconds, from
 * /proc/<pid>/stat; undefined where there is no procfs. Unlike latency, CPU per request barely moves
 * when other work shares the machine, so it is the steadier measure of the proxy's own cost.
 */
export async function readProcessCpuMs(pid: number): Promise<number | undefined> {
  return cpuMsOf(await readStatFields(`/proc/${pid}/stat`));
}

/**
 * CPU time (user + system) of a process's main thread alone, in milliseconds, from
 * /proc/<pid>/task/<pid>/stat: for a gateway, what serving requests costs the event loop, without
 * its worker threads (the recording worker) and V8's helper threads (GC, compilation).
 */
export async function readMainThreadCpuMs(pid: number): Promise<number | undefined> {
  return cpuMsOf(await readStatFields(`/proc/${pid}/task/${pid}/stat`));
}

/**
 * CPU time (user + system) of a process's threads named `name` (as /proc/<pid>/task/<tid>/comm shows
 * it), in milliseconds: for a gateway, its recording worker (`recorderThreadName`). 0 when it has none
 * (yet); undefined where there is no procfs. A thread that has exited no longer counts.
 */
export async function readNamedThreadsCpuMs(pid: number, name: string): Promise<number | undefined> {
  let tids: string[];
  try {
    tids = await readdir(`/proc/${pid}/task`);
  } catch {
    return undefined;
  }
  let total = 0;
  for (const tid of tids) {
    let comm: string;
    try {
      comm = (await readFile(`/proc/${pid}/task/${tid}/comm`, 'utf8')).trim();
    } catch {
      // Exited since it was listed.
      continue;
    }
    if (comm !== name) continue;
    total += cpuMsOf(await readStatFields(`/proc/${pid}/task/${tid}/stat`)) ?? 0;
  }
  return total;
}

function cpuMsOf(fields: readonly string[] | undefined): number | undefined {
  if (fields === undefined) return undefined;
  // utime and stime are fields 14 and 15 of the whole line, i.e. 11 and 12 after the name.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? (ticks * 1000) / clockTicksPerSecond() : undefined;
}

/**
 * CPU time of a process and all its children, in milliseconds: its own, what its exited children used
 * (cutime, cstime: the kernel adds them once they are reaped) and what its live children have used so
 * far. A Postgres server is such a tree: one backend per connection, plus background workers.
 */
export async function readProcessTreeCpuMs(rootPid: number): Promise<number | undefined> {
  const root = await readStatFields(`/proc/${rootPid}/stat`);
  if (root === undefined) return undefined;
  // cutime and cstime are fields 16 and 17 of the whole line.
  let ticks = Number(root[11]) + Number(root[12]) + Number(root[13]) + Number(root[14]);
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = await readStatFields(`/proc/${entry}/stat`);
    // The parent pid is field 4 of the whole line, 1 after the name.
    if (fields === undefined || Number(fields[1]) !== rootPid) continue;
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return Number.isFinite(ticks) ? (ticks * 1000) / clockTicksPerSecond() : undefined;
}

/** The fields of a /proc stat file after the command name; undefined without procfs or the process. */
async function readStatFields(file: string): Promise<string[] | undefined> {
  let stat: string;
  try {
    stat = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may contain spaces and parentheses; the fields after it do not.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

let ticksPerSecond: number | undefined;

function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      // USER_HZ is 100 on every mainstream Linux build.
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}
