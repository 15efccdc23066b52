import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderConfigurationDoc } from './render-configuration-doc.js';
import { settings } from './settings.js';

const docPath = new URL('../../docs/configuration.md', import.meta.url);

describe('docs/configuration.md', () => {
  it('is the rendered settings table', () => {
    const committed = readFileSync(docPath, 'utf8');
    expect(committed, 'docs/configuration.md is stale: run `npm run docs:generate`').toBe(renderConfigurationDoc());
  });

  it('lists every setting once, under its group', () => {
    const doc = renderConfigurationDoc();
    for (const [name, setting] of Object.entries(settings)) {
      const rows = doc.split('\n').filter((line) => line.startsWith(`| \`${name}\` |`));
      expect(rows, name).toHaveLength(1);
      const groupHeading = doc.lastIndexOf('\n## ', doc.indexOf(rows[0] ?? ''));
      expect(doc.slice(groupHeading + 1).startsWith(`## ${setting.group}\n`), `${name} under ${setting.group}`).toBe(true);
    }
  });

  it('shows schema defaults and marks secrets', () => {
    const doc = renderConfigurationDoc();
    expect(doc).toContain('| `GATEWAY_PORT` | `8000` |');
    expect(doc).toContain('| `DATA_DIR` | ~/.luthien |');
    expect(doc).toMatch(/\| `PROXY_API_KEY` \| \(unset\) \| text \| yes \|/);
  });
});
