import { z } from 'zod';
import { routingDoc } from '../routing/routing-doc.js';
import { settings, type Setting } from './settings.js';

type Group = Setting['group'];

const intro = `# Configuration

<!-- Generated from src/config/settings.ts by \`npm run docs:generate\`. Edit that table, not this file. -->

Luthien reads every setting from the environment variable of the same name, once, at start-up.

- An empty value counts as unset, so \`GATEWAY_PORT=\` means the default.
- All settings are checked together: if any is invalid, \`luthien serve\` prints every problem and
  exits with status 2 before listening.
- \`luthien serve --port <port>\` and \`--host <host>\` override \`GATEWAY_PORT\` and \`GATEWAY_HOST\`.
- \`AUTH_MODE=proxy_key\` also requires \`PROXY_API_KEY\`.
- Settings marked secret are never written to the logs.
`;

/** docs/configuration.md, rendered from the settings table so the two cannot drift apart. */
export function renderConfigurationDoc(): string {
  const sections = [...groupSettings()].map(([group, entries]) => renderGroup(group, entries));
  return [intro, ...sections, routingDoc].join('\n');
}

/** Groups in the order they first appear in the table, so the table alone decides the document's order. */
function groupSettings(): Map<Group, [string, Setting][]> {
  const groups = new Map<Group, [string, Setting][]>();
  for (const [name, setting] of Object.entries(settings) as [string, Setting][]) {
    const entries = groups.get(setting.group) ?? [];
    entries.push([name, setting]);
    groups.set(setting.group, entries);
  }
  return groups;
}

function renderGroup(group: Group, entries: readonly [string, Setting][]): string {
  const rows = entries.map(([name, setting]) => {
    const cells = [`\`${name}\``, defaultOf(setting), valuesOf(setting.schema), setting.secret === true ? 'yes' : 'no', setting.description];
    return `| ${cells.map(escapeCell).join(' | ')} |`;
  });
  return [`## ${group}`, '', '| Variable | Default | Values | Secret | Description |', '| --- | --- | --- | --- | --- |', ...rows, ''].join('\n');
}

/** The schema's own default (what `loadConfig` uses when the variable is unset), unless the table words it. */
function defaultOf(setting: Setting): string {
  if (setting.defaultText !== undefined) return setting.defaultText;
  const unset = setting.schema.safeParse(undefined);
  if (!unset.success) return '(required)';
  if (unset.data === undefined) return '(unset)';
  return `\`${typeof unset.data === 'string' ? unset.data : JSON.stringify(unset.data)}\``;
}

/** What the schema accepts, read from its JSON Schema so enums and bounds are never restated by hand. */
function valuesOf(schema: z.ZodType): string {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  if (json.enum !== undefined) return json.enum.map((value) => `\`${String(value)}\``).join(', ');
  if (json.type === 'integer') {
    const positive = json.exclusiveMinimum === 0 || json.minimum === 1;
    if (positive) return 'positive integer';
    return json.minimum !== undefined && json.maximum !== undefined ? `integer ${json.minimum}–${json.maximum}` : 'integer';
  }
  if (json.format === 'uri') return 'URL';
  return 'text';
}

/** A table cell may not contain a raw pipe or line break. */
function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}
