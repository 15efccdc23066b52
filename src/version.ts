import { readFileSync } from 'node:fs';

/** The package version, read once from package.json (two levels up from src/ and from dist/src/). */
export const version: string = (() => {
  for (const path of ['../package.json', '../../package.json']) {
    try {
      const parsed = JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (parsed.name === 'luthien' && typeof parsed.version === 'string') return parsed.version;
    } catch {
      // try the next location
    }
  }
  return '0.0.0';
})();
