import { readFile, writeFile } from 'node:fs/promises';
import { renderConfigurationDoc } from '../src/config/render-configuration-doc.js';

/** Every document generated from code; tests compare each one with its renderer. */
const generated: readonly { readonly path: string; readonly render: () => string }[] = [
  { path: 'docs/configuration.md', render: renderConfigurationDoc },
];

const root = new URL('../', import.meta.url);

for (const doc of generated) {
  const file = new URL(doc.path, root);
  const text = doc.render();
  const current = await readFile(file, 'utf8').catch(() => undefined);
  // Unchanged files are left alone so their timestamps do not trigger watchers.
  if (current === text) {
    process.stdout.write(`${doc.path}: up to date\n`);
    continue;
  }
  await writeFile(file, text);
  process.stdout.write(`${doc.path}: written\n`);
}
