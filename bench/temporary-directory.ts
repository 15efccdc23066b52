import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Every temporary directory not yet removed, so an exit from any path (error, Ctrl-C) removes it. */
const pending = new Set<string>();

process.on('exit', () => {
  // Last resort: an 'exit' handler cannot wait. A recording database here can be hundreds of MB.
  for (const dir of pending) rmSync(dir, { recursive: true, force: true });
});

export interface TemporaryDirectory {
  readonly path: string;
  remove(): Promise<void>;
}

/** A fresh directory under the system's temporary directory, removed by `remove()` or at exit. */
export async function makeTemporaryDirectory(prefix: string): Promise<TemporaryDirectory> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  pending.add(path);
  return {
    path,
    async remove() {
      await rm(path, { recursive: true, force: true });
      pending.delete(path);
    },
  };
}
