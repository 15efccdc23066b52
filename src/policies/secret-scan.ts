import { redactSecrets } from '../recording/redact.js';

/*
 * Secret detection for policies: the recorder's patterns (src/recording/redact.ts and
 * redact-extra-secrets.ts: private keys, Anthropic/OpenAI/AWS/GitHub/Slack/Google/Stripe/Hugging
 * Face/GitLab/npm/SendGrid/PyPI keys and tokens, bearer tokens, JWTs, URL passwords, `.env` lines),
 * counted by kind. A match becomes `[REDACTED:<kind>]`.
 */
/** Secrets found in a text, by kind (`openai-key`, `private-key`, …), and the text with them redacted. */
export interface SecretScan {
  readonly text: string;
  readonly kinds: Readonly<Record<string, number>>;
  readonly count: number;
}

const marker = /\[REDACTED:([a-z0-9-]+)\]/g;

export function scanSecrets(text: string): SecretScan {
  const redacted = redactSecrets(text);
  if (redacted === text) return { text, kinds: {}, count: 0 };
  // Kinds are read back from the markers, minus those the text already had.
  const kinds: Record<string, number> = {};
  let count = 0;
  for (const match of redacted.matchAll(marker)) {
    const kind = match[1] as string;
    kinds[kind] = (kinds[kind] ?? 0) + 1;
    count++;
  }
  for (const match of text.matchAll(marker)) {
    const kind = match[1] as string;
    kinds[kind] = (kinds[kind] ?? 0) - 1;
    count--;
  }
  for (const [kind, n] of Object.entries(kinds)) if (n <= 0) Reflect.deleteProperty(kinds, kind);
  return { text: redacted, kinds, count: Math.max(count, 0) };
}

/** Adds `more` to `into`, kind by kind. */
export function addKinds(into: Record<string, number>, more: Readonly<Record<string, number>>): void {
  for (const [kind, n] of Object.entries(more)) into[kind] = (into[kind] ?? 0) + n;
}

/** Every string in `value` scanned, deep; copy on write, so an untouched value is returned as is. */
export function scanSecretsDeep(value: unknown, kinds: Record<string, number>): unknown {
  if (typeof value === 'string') {
    const scan = scanSecrets(value);
    addKinds(kinds, scan.kinds);
    return scan.text;
  }
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const items: readonly unknown[] = value;
    const out = items.map((item) => scanSecretsDeep(item, kinds));
    return out.every((item, index) => item === items[index]) ? value : out;
  }
  const entries = Object.entries(value);
  const out = entries.map(([key, item]) => [key, scanSecretsDeep(item, kinds)] as const);
  return out.every(([, item], index) => item === entries[index]?.[1]) ? value : Object.fromEntries(out);
}

/** "an OpenAI API key and 2 AWS access keys", for messages people read. */
export function describeKinds(kinds: Readonly<Record<string, number>>): string {
  const names = Object.entries(kinds).map(([kind, n]) => (n === 1 ? `${article(kindName(kind))} ${kindName(kind)}` : `${n} ${kindName(kind)}s`));
  if (names.length <= 1) return names[0] ?? 'a secret';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
}

const kindNames: Readonly<Record<string, string>> = {
  'private-key': 'private key',
  'anthropic-key': 'Anthropic API key',
  'openai-key': 'OpenAI API key',
  'bearer-token': 'bearer token',
  'aws-access-key': 'AWS access key',
  'aws-secret-key': 'AWS secret access key',
  'github-token': 'GitHub token',
  'slack-token': 'Slack token',
  'google-api-key': 'Google API key',
  jwt: 'JSON Web Token',
  password: 'password in a URL',
  credential: 'credential',
  'stripe-key': 'Stripe key',
  'huggingface-token': 'Hugging Face token',
  'gitlab-token': 'GitLab token',
  'npm-token': 'npm token',
  'sendgrid-key': 'SendGrid key',
  'pypi-token': 'PyPI token',
};

function kindName(kind: string): string {
  return kindNames[kind] ?? kind;
}

function article(name: string): string {
  return /^[AEIOU]/i.test(name) && !name.startsWith('U') ? 'an' : 'a';
}
