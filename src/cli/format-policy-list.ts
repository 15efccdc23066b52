import type { PolicyDescription } from '../policy/describe-policy.js';

/** `luthien policy list` as text: each policy, where it comes from, what it does, and its options. */
export function formatPolicyList(policies: readonly PolicyDescription[]): string {
  return policies.map(formatPolicy).join('\n');
}

function formatPolicy(policy: PolicyDescription): string {
  const lines = [`${policy.name} (${policy.origin === 'built-in' ? 'built-in' : `user: ${policy.file ?? ''}`})`, `  ${policy.description}`];
  const defaults = [`on failure: ${policy.defaultFailureMode}`, ...(policy.defaultTimeoutMs === undefined ? [] : [`hook timeout: ${policy.defaultTimeoutMs} ms`])];
  lines.push(`  ${defaults.join('; ')}`);
  const options = optionLines(policy.configSchema);
  lines.push(options.length === 0 ? '  options: none' : '  options:', ...options.map((line) => `    ${line}`));
  return `${lines.join('\n')}\n`;
}

/** One line per top-level option of a JSON Schema: name, type, required or default, description. */
function optionLines(schema: Record<string, unknown> | null): string[] {
  if (schema === null) return ['(its schema cannot be shown as JSON Schema)'];
  const properties = asRecord(schema.properties);
  const required = Array.isArray(schema.required) ? (schema.required as unknown[]) : [];
  return Object.entries(properties).map(([name, value]) => {
    const property = asRecord(value);
    const facts = [typeOf(property), required.includes(name) ? 'required' : 'optional'];
    if ('default' in property) facts.push(`default ${JSON.stringify(property.default)}`);
    const description = typeof property.description === 'string' ? ` — ${property.description}` : '';
    return `${name} (${facts.join(', ')})${description}`;
  });
}

function typeOf(property: Record<string, unknown>): string {
  if (Array.isArray(property.enum)) return (property.enum as unknown[]).map((value) => JSON.stringify(value)).join(' | ');
  if (typeof property.type === 'string') return property.type === 'array' ? `array of ${typeOf(asRecord(property.items))}` : property.type;
  const variants = Array.isArray(property.anyOf) ? (property.anyOf as unknown[]) : Array.isArray(property.oneOf) ? (property.oneOf as unknown[]) : [];
  return variants.length > 0 ? variants.map((variant) => typeOf(asRecord(variant))).join(' | ') : 'any';
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
