import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Writes `yaml` to `routing.yaml` in a fresh temporary directory and returns its path. */
export async function writeRoutingFile(yaml: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'luthien-routing-'));
  const file = join(dir, 'routing.yaml');
  await writeFile(file, yaml, 'utf8');
  return file;
}
