import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Writes `yaml` to a policy file in a fresh temporary directory and returns its path. */
export async function writePolicyFile(yaml: string, name = 'policy.yaml'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'luthien-policy-'));
  const file = join(dir, name);
  await writeFile(file, yaml, 'utf8');
  return file;
}

export const ALL_CAPS_POLICY = 'policy: { name: all-caps, config: {} }\n';
