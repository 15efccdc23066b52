import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** What `new Worker` runs: a module file, or (`eval`) a script's source text. */
export interface WorkerScript {
  readonly filename: URL | string;
  readonly eval: boolean;
}

/**
 * The recording worker's entry point. Built (`dist/`, as `luthien serve` and `npm run bench` run),
 * it is the compiled `record-worker.js` next to this module. Under vitest or tsx only the TypeScript
 * source exists, and a worker thread inherits neither vitest's transform nor, on Node 20, loader hooks
 * passed with `--import` in its `execArgv`: a two-line script requires the source through tsx's
 * CommonJS hooks instead (tsx is a dev dependency, needed only there). Its ESM hooks would work too,
 * but they answer every import of the worker's graph (Kysely's hundreds of files) from another thread,
 * and the worker took some 2 s to start instead of under one. So the worker's modules must not use
 * top-level await, which CommonJS cannot load.
 */
export function recordWorkerScript(): WorkerScript {
  const compiled = new URL('./record-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(compiled))) return { filename: compiled, eval: false };
  const tsx = createRequire(import.meta.url).resolve('tsx/cjs/api');
  const source = fileURLToPath(new URL('./record-worker.ts', import.meta.url));
  return { filename: `require(${JSON.stringify(tsx)}).register();\nrequire(${JSON.stringify(source)});`, eval: true };
}
