import type { LoadResult } from './run-load.js';

/** CPU milliseconds a server used per request it was sent (answered or failed), over all rounds. */
export function cpuPerRequest(rounds: readonly { readonly load: LoadResult; readonly cpuMs: number | undefined }[]): number | undefined {
  let cpuMs = 0;
  let requests = 0;
  for (const measured of rounds) {
    if (measured.cpuMs === undefined) return undefined;
    cpuMs += measured.cpuMs;
    requests += measured.load.timings.length + measured.load.errors;
  }
  return requests === 0 ? undefined : cpuMs / requests;
}
