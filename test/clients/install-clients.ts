import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clientsDir, pinnedClients } from './real-clients.js';

/**
 * vitest global setup: installs the pinned real clients into their own folder (from the npm registry;
 * about 640 MB, mostly the two native binaries) unless that exact set is already there. They stay out
 * of the project's dependencies so `npm install` stays small.
 */
export default function installClients(): void {
  const manifest = join(clientsDir, 'package.json');
  const wanted = JSON.stringify({ name: 'luthien-real-clients', private: true, dependencies: pinnedClients }, null, 2);
  const installed = existsSync(manifest) && readFileSync(manifest, 'utf8') === wanted && existsSync(join(clientsDir, 'node_modules', '.bin', 'codex'));
  if (installed) return;
  mkdirSync(clientsDir, { recursive: true });
  writeFileSync(manifest, wanted);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'], { cwd: clientsDir, stdio: 'inherit', timeout: 600_000 });
}
