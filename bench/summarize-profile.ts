import { readFile } from 'node:fs/promises';
import { formatTable } from './format-table.js';

/**
 * `node dist/bench/summarize-profile.js FILE.cpuprofile [CALLS]`: where a gateway's main thread spent
 * its time, from a `--profile` run. Each sample goes to the innermost frame that belongs to one of the
 * recording-related groups below (so JSON.stringify called from the column codec counts as
 * serialisation), or to "serving the call" when none is on its stack. With CALLS (the calls the
 * gateway served, e.g. the recorders table's "calls made"), also per call. A profile covers one
 * thread: Node writes one file per thread, named by thread id, the main thread's `….0.001.cpuprofile`
 * and the recording worker's `….1.002.cpuprofile`, where redaction, serialisation and the database
 * driver now run. Postgres' own work and V8's GC helper threads are in none.
 */

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
}
interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const GROUPS: readonly (readonly [string, (frame: CallFrame) => boolean])[] = [
  // better-sqlite3 is synchronous: its native statement work shows as the JavaScript that runs the
  // statements, Kysely's driver or the recorder's own writer (whose loop around them is negligible).
  [
    'SQLite statements (better-sqlite3, native)',
    (f) => f.url.includes('better-sqlite3') || (f.url.includes('sqlite-driver') && f.functionName === 'executeQuery') || f.url.includes('/store/write-calls-sqlite.'),
  ],
  ['redaction (recording/redact, clean-text-cache)', (f) => /\/recording\/(redact|redact-extra-secrets|clean-text-cache)\./.test(f.url)],
  ['JSON serialisation of columns (store/column-codec)', (f) => f.url.includes('/store/column-codec.')],
  ['node-postgres (protocol, parameters)', (f) => /node_modules\/pg(-[a-z]+)?\//.test(f.url)],
  ['Kysely (building and compiling queries)', (f) => f.url.includes('kysely')],
  ['store (rows, sessions, search text, policy events)', (f) => f.url.includes('/store/')],
  ['recorder queue (recording/recorder)', (f) => f.url.includes('/recording/recorder.')],
  ['handover to the recording worker (pack, post, unpack)', (f) => /\/recording\/(pack-worker-batch|worker-sink|unpack-worker-record|record-worker)\./.test(f.url)],
  ['pipeline: gathering the record (call-recording, response-tap)', (f) => /\/pipeline\/(call-recording|response-tap)\./.test(f.url)],
  ['garbage collection', (f) => f.functionName === '(garbage collector)'],
  ['module loading (start-up)', (f) => f.url.startsWith('node:internal/modules')],
];
const SERVING = 'serving the call (everything else)';

async function main(): Promise<void> {
  const [file, callsText] = process.argv.slice(2);
  if (file === undefined) throw new Error('usage: node dist/bench/summarize-profile.js FILE.cpuprofile [CALLS]');
  const calls = callsText === undefined ? undefined : Number(callsText);
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);

  const totals = new Map<string, number>([...GROUPS.map(([name]): [string, number] => [name, 0]), [SERVING, 0]]);
  let busyUs = 0;
  profile.samples.forEach((sample, index) => {
    // timeDeltas[i] is the time before sample i; the time spent in sample i is the next delta.
    const us = profile.timeDeltas[index + 1] ?? 0;
    if (nodes.get(sample)?.callFrame.functionName === '(idle)') return;
    busyUs += us;
    let group = SERVING;
    for (let id: number | undefined = sample; id !== undefined; id = parents.get(id)) {
      const frame = nodes.get(id)?.callFrame;
      const match = frame === undefined ? undefined : GROUPS.find(([, test]) => test(frame));
      if (match !== undefined) {
        group = match[0];
        break;
      }
    }
    totals.set(group, (totals.get(group) ?? 0) + us);
  });

  const perCall = calls !== undefined && calls > 0;
  process.stdout.write(`main thread busy ${(busyUs / 1000).toFixed(0)} ms${perCall ? ` over ${calls} calls: ${(busyUs / calls).toFixed(0)} µs per call` : ''}\n\n`);
  const rows = [...totals].map(([name, us]) => [name, `${((100 * us) / busyUs).toFixed(1)} %`, ...(perCall ? [`${(us / calls).toFixed(0)} µs`] : [])]);
  process.stdout.write(`${formatTable(['where', 'share', ...(perCall ? ['per call'] : [])], rows)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
