import { readFile } from 'node:fs/promises';

const SAMPLE_INTERVAL_MS = 100;

/** Memory of another process, from /proc/<pid>/status (Linux only). */
export interface RssReading {
  /** Resident set size now, in bytes. */
  readonly rssBytes: number;
  /** The kernel's own high-water mark of the resident set, in bytes: catches peaks between samples. */
  readonly peakBytes: number;
}

export async function readRss(pid: number): Promise<RssReading | undefined> {
  let status: string;
  try {
    status = await readFile(`/proc/${pid}/status`, 'utf8');
  } catch {
    // No procfs (not Linux) or the process is gone: memory is reported as unknown, not as zero.
    return undefined;
  }
  const rss = kilobytes(status, 'VmRSS');
  const peak = kilobytes(status, 'VmHWM');
  if (rss === undefined) return undefined;
  return { rssBytes: rss * 1024, peakBytes: (peak ?? rss) * 1024 };
}

function kilobytes(status: string, field: string): number | undefined {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** Samples a process's RSS periodically while a scenario runs and keeps the largest value seen. */
export class RssSampler {
  private maxRss = 0;
  private lastPeak = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly pid: number) {}

  start(): void {
    this.maxRss = 0;
    this.timer = setInterval(() => void this.sample(), SAMPLE_INTERVAL_MS);
    // The bench must never stay alive just because a sampler is still ticking.
    this.timer.unref();
  }

  /** Stops sampling; returns the largest RSS seen since start and the process's lifetime peak (VmHWM). */
  async stop(): Promise<{ maxRssBytes: number; peakBytes: number } | undefined> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.sample();
    if (this.maxRss === 0) return undefined;
    return { maxRssBytes: this.maxRss, peakBytes: this.lastPeak };
  }

  private async sample(): Promise<void> {
    const reading = await readRss(this.pid);
    if (reading === undefined) return;
    this.maxRss = Math.max(this.maxRss, reading.rssBytes);
    this.lastPeak = Math.max(this.lastPeak, reading.peakBytes);
  }
}
