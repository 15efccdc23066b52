/**
 * Secret kinds beyond the main pattern of redact.ts, which matter when the text is a prompt, a tool's
 * input or output, rather than a log line: Stripe, Hugging Face, GitLab, npm, SendGrid and PyPI tokens,
 * AWS secret access keys, and `NAME_SECRET=value` lines as found in `.env` files. A match becomes
 * `[REDACTED:<kind>]`. Part of `redactSecrets`, so nothing recorded, logged or published keeps them.
 */
const tokenPattern = new RegExp(
  [
    String.raw`(?<stripeKey>\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,})`,
    String.raw`(?<huggingfaceToken>\bhf_[A-Za-z0-9]{30,})`,
    String.raw`(?<gitlabToken>\bglpat-[A-Za-z0-9_-]{20,})`,
    String.raw`(?<npmToken>\bnpm_[A-Za-z0-9]{36}\b)`,
    String.raw`(?<sendgridKey>\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b)`,
    String.raw`(?<pypiToken>\bpypi-AgE[A-Za-z0-9_-]{50,})`,
  ].join('|'),
  'g',
);

/** The value after the name; the name stays so the text still reads. */
const awsSecretPattern = /(\baws_secret_access_key["']?\s*[=:]\s*["']?)[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/gi;

/**
 * A `.env`-style line: an upper-case name ending in KEY, SECRET, TOKEN or PASSWORD at the start of a
 * line, and a value with letters and digits that ends the line or a quote. Code that assigns such a
 * name from elsewhere (`API_TOKEN = os.getenv("X")`, `const TOKEN = …`) does not match, so an agent
 * reading source code does not see it garbled.
 */
const envLinePattern =
  /^([ \t]*(?:export[ \t]+)?[A-Z][A-Z0-9_]*(?:API_KEY|APIKEY|SECRET|SECRET_KEY|TOKEN|PASSWORD|PASSWD|PRIVATE_KEY|ACCESS_KEY)[ \t]*=[ \t]*["']?)(?!\[REDACTED)(?=[^\s"'#]*\d)(?=[^\s"'#]*[A-Za-z])[^\s"'#$()[\]{}]{8,}(?=$|[\s"'#])/gm;

/** A cheap test that rules out most texts before the patterns run. */
const extraFragments = /[rs]k_(?:live|test)_|hf_|glpat-|npm_|SG\.|pypi-|aws_secret_access_key|(?:KEY|SECRET|TOKEN|PASSWORD|PASSWD)[ \t]*=/i;

const kindOfGroup: Readonly<Record<string, string>> = {
  stripeKey: 'stripe-key',
  huggingfaceToken: 'huggingface-token',
  gitlabToken: 'gitlab-token',
  npmToken: 'npm-token',
  sendgridKey: 'sendgrid-key',
  pypiToken: 'pypi-token',
};

export function redactExtraSecrets(text: string): string {
  if (!extraFragments.test(text)) return text;
  return text
    .replace(tokenPattern, (match: string, ...rest: unknown[]) => {
      const groups = rest.at(-1) as Record<string, string | undefined>;
      for (const [group, kind] of Object.entries(kindOfGroup)) if (groups[group] !== undefined) return `[REDACTED:${kind}]`;
      return match;
    })
    .replace(awsSecretPattern, '$1[REDACTED:aws-secret-key]')
    .replace(envLinePattern, '$1[REDACTED:credential]');
}

