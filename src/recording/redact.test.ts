import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../core/call-record.js';
import { isCredentialHeader, mayHoldSecret, redactCallRecord, redactJson, redactSecrets, replaceSecrets, requestHeadersToKeep } from './redact.js';

// Built from pieces so no scanner mistakes this file for a leak.
const anthropicKey = ['sk', 'ant', 'api03', 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA_-xyz'].join('-');
const openaiKey = ['sk', 'proj', 'AbCdEfGhIjKlMnOpQrStUvWx0123456789'].join('-');
const awsKey = 'AKIA' + 'IOSFODNN7EXAMPLE';
const githubToken = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
const slackToken = 'xoxb-' + '1234567890-abcdefghij';
const googleKey = 'AIza' + 'SyA1234567890abcdefghijklmnopqrstuv';
const jwt = ['eyJhbGciOiJIUzI1NiJ9', 'eyJzdWIiOiIxMjM0NTY3ODkwIn0', 'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'].join('.');
const privateKey = ['-----BEGIN RSA PRIVATE KEY-----', 'MIIEowIBAAKCAQEA7', 'abc+/=', '-----END RSA PRIVATE KEY-----'].join('\n');

describe('redactSecrets', () => {
  it.each([
    ['anthropic-key', anthropicKey],
    ['openai-key', openaiKey],
    ['bearer-token', 'Bearer abc.DEF-123_xyz'],
    ['aws-access-key', awsKey],
    ['github-token', githubToken],
    ['slack-token', slackToken],
    ['google-api-key', googleKey],
    ['jwt', jwt],
    ['private-key', privateKey],
  ])('replaces a %s', (kind, secret) => {
    expect(redactSecrets(`before ${secret} after`)).toBe(`before [REDACTED:${kind}] after`);
  });

  it('replaces several secrets in one string', () => {
    expect(redactSecrets(`${anthropicKey} and ${awsKey}`)).toBe('[REDACTED:anthropic-key] and [REDACTED:aws-access-key]');
  });

  it('cuts an unterminated private key to the end of the text', () => {
    expect(redactSecrets('key: -----BEGIN PRIVATE KEY-----\nMIIEvQIBADAN')).toBe('key: [REDACTED:private-key]');
  });

  it('keeps the URL and removes only its password', () => {
    expect(redactSecrets('connect ECONNREFUSED redis://:s3cret@cache:6379 and postgres://app:pw@db/x')).toBe(
      'connect ECONNREFUSED redis://:[REDACTED:password]@cache:6379 and postgres://app:[REDACTED:password]@db/x',
    );
  });

  it('leaves ordinary text alone', () => {
    const text = 'ask-questions task-runner-1234567890abcdef Bearer of news, https://example.com/a@b, user@example.com';
    expect(redactSecrets(text)).toBe(text);
  });
});

/** Every shape the pattern knows, each alternative of each kind, all spelled so that it is redacted. */
const everyShape: readonly (readonly [string, string])[] = [
  ['anthropic-key', anthropicKey],
  ['openai-key', openaiKey],
  ['openai-key (plain)', ['sk', 'AbCdEfGhIjKlMnOpQrSt'].join('-')],
  ['openai-key (service account)', ['sk', 'svcacct', 'AbCdEfGhIjKlMnOpQrSt'].join('-')],
  ['openai-key (admin)', ['sk', 'admin', 'AbCdEfGhIjKlMnOpQrSt'].join('-')],
  ['bearer-token', 'Bearer abc.DEF-123_xyz'],
  ['bearer-token (tab)', 'Bearer\tabc.DEF-123_xyz'],
  ['aws-access-key', awsKey],
  ['aws-access-key (temporary)', 'ASIA' + 'IOSFODNN7EXAMPLE'],
  ...['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'].map((prefix): [string, string] => [`github-token (${prefix})`, prefix + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8']),
  ['github-token (fine-grained)', 'github_pat_' + '11ABCDEFG0123456789_abcdefghijklmnop'],
  ...['a', 'b', 'p', 'o', 's', 'r'].map((kind): [string, string] => [`slack-token (xox${kind})`, `xox${kind}-` + '1234567890-abcdefghij']),
  ['google-api-key', googleKey],
  ['jwt', jwt],
  ['private-key', privateKey],
  ['private-key (PKCS#8)', '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADAN\n-----END PRIVATE KEY-----'],
  ['private-key (unterminated)', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA'],
  ['password in a URL', 'postgres://luthien:hunter2@db.internal/luthien'],
  ['password in a URL (no user)', 'redis://:s3cret@cache:6379'],
];

/** A small seeded generator, so the generated strings are the same on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the fragment check before the pattern', () => {
  it.each(everyShape)('lets a %s through, and the output is the pattern\'s own', (_kind, secret) => {
    const text = `before ${secret} after`;
    expect(mayHoldSecret(secret)).toBe(true);
    expect(replaceSecrets(text)).not.toBe(text);
    expect(redactSecrets(text)).toBe(replaceSecrets(text));
  });

  it('gives the same output as the pattern alone on generated near-misses and hits', () => {
    // Fragments, fragments a character short or in the wrong case, and the text around secrets.
    const pieces = [
      ...['sk-', 'Bearer ', 'AKIA', 'ASIA', 'AIza', 'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_', 'xoxb-', 'xoxp-', 'eyJ', '://', '-----BEGIN '],
      ...['sk', 'k-', 'SK-', 'Bear', 'bearer ', 'AKI', 'akia', 'ASI', 'AIz', 'gh', 'ghx_', 'github_pat', 'xo', 'xoxz-', 'ey', 'eyj', ':/', '//', '-----BEGIN', 'BEGIN '],
      ...['ant-', 'proj-', 'api03-', 'RSA ', 'PRIVATE KEY-----', '-----END PRIVATE KEY-----', 'postgres', 'user:', 'pw@', '@host', '.', '_', '-', ':', '/', ' ', '\n', '\t'],
      ...['abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', '0123456789', 'Zm9vYmFy_-', 'x', 'é→✓'],
    ];
    const random = seededRandom(4);
    let redacted = 0;
    for (let index = 0; index < 20_000; index++) {
      let text = '';
      const length = 1 + Math.floor(random() * 12);
      for (let piece = 0; piece < length; piece++) text += pieces[Math.floor(random() * pieces.length)] ?? '';
      const expected = replaceSecrets(text);
      if (expected !== text) redacted++;
      expect(redactSecrets(text), JSON.stringify(text)).toBe(expected);
    }
    // Enough of the generated strings hold a secret for the comparison to mean something.
    expect(redacted).toBeGreaterThan(1000);
  });
});

describe('request headers', () => {
  it('never keeps credential headers', () => {
    for (const name of ['Authorization', 'x-api-key', 'proxy-authorization', 'cookie', 'api-key', 'x-goog-api-key', 'x-custom-token', 'x-stainless-api-key']) {
      expect(isCredentialHeader(name), name).toBe(true);
      expect(requestHeadersToKeep({ [name]: 'value' }), name).toEqual({});
    }
  });

  it('keeps the allow-list, lower-cased, multi-values joined, secrets scrubbed', () => {
    const kept = requestHeadersToKeep({
      'User-Agent': `claude-cli/2.0 ${anthropicKey}`,
      'anthropic-beta': ['a', 'b'],
      'x-claude-code-session-id': 'sess-1',
      'x-stainless-os': 'Linux',
      originator: 'codex_cli_rs',
      host: 'localhost',
      'content-type': 'application/json',
      'x-unknown': 'dropped',
      'x-session-id': undefined,
    });
    expect(kept).toEqual({
      'user-agent': 'claude-cli/2.0 [REDACTED:anthropic-key]',
      'anthropic-beta': 'a, b',
      'x-claude-code-session-id': 'sess-1',
      'x-stainless-os': 'Linux',
      originator: 'codex_cli_rs',
    });
  });
});

describe('request headers, asked again', () => {
  it('decides the same for a name seen before, and still after more names than it remembers', () => {
    const headers = { 'X-Stainless-Lang': 'js', 'x-stainless-api-key': 'secret', Authorization: 'Bearer x', 'user-agent': 'ua' };
    const first = requestHeadersToKeep(headers);
    expect(first).toEqual({ 'x-stainless-lang': 'js', 'user-agent': 'ua' });
    expect(requestHeadersToKeep(headers)).toEqual(first);
    for (let i = 0; i < 1200; i++) requestHeadersToKeep({ [`x-name-${i}`]: 'v', [`x-stainless-n${i}`]: 'w' });
    expect(requestHeadersToKeep(headers)).toEqual(first);
    expect(requestHeadersToKeep({ 'x-stainless-n5': 'w', 'x-name-5': 'v' })).toEqual({ 'x-stainless-n5': 'w' });
  });
});

describe('redactJson', () => {
  it('scrubs strings deep and blanks credential-named fields', () => {
    const input = { a: [{ text: `key ${openaiKey}` }, 3, null], nested: { api_key: 'plain', password: '', max_tokens: 10, token: 'hello' } };
    expect(redactJson(input)).toEqual({
      a: [{ text: 'key [REDACTED:openai-key]' }, 3, null],
      nested: { api_key: '[REDACTED:credential]', password: '', max_tokens: 10, token: 'hello' },
    });
    expect(input.a[0]).toEqual({ text: `key ${openaiKey}` });
  });

  it('returns the same object when there is nothing to redact', () => {
    const input = { messages: [{ role: 'user', content: [{ type: 'text', text: 'hello' }] }] };
    expect(redactJson(input)).toBe(input);
  });
});

describe('redactCallRecord', () => {
  const record: CallRecord = {
    callId: 'c1',
    sessionId: 's1',
    userId: undefined,
    format: 'openai-chat',
    backend: 'openai',
    model: 'gpt-test',
    stream: true,
    status: 200,
    outcome: 'completed',
    stopReason: 'tool-use',
    usage: { inputTokens: 1 },
    receivedAt: 1,
    timings: { done: 5 },
    originalRequest: { messages: [{ role: 'user', content: `use ${githubToken}` }] },
    finalRequest: { messages: [{ role: 'user', content: 'clean' }] },
    requestHeaders: { authorization: `Bearer ${openaiKey}`, 'user-agent': 'OpenAI/JS 6.0' },
    upstreamResponse: {
      blocks: [
        { type: 'text', text: `here: ${awsKey}` },
        { type: 'tool-call', id: 't1', name: 'login', input: { user: 'a', password: 'p4ss' }, inputJson: '{"user":"a","password":"p4ss"}' },
        { type: 'tool-call', id: 't2', name: 'echo', input: { text: slackToken }, inputJson: `{"text":"${slackToken}"}` },
      ],
      stopReason: 'tool-use',
      usage: {},
      complete: true,
    },
    clientResponse: undefined,
    policyEvents: [{ policy: 'p', type: 'policy.p.blocked', summary: `saw ${anthropicKey}`, at: 3 }],
    error: { code: 'X', message: `failed with ${jwt}` },
  };

  it('removes credential headers and secrets everywhere in the record', () => {
    const clean = redactCallRecord(record);
    expect(clean.requestHeaders).toEqual({ 'user-agent': 'OpenAI/JS 6.0' });
    expect(clean.originalRequest).toEqual({ messages: [{ role: 'user', content: 'use [REDACTED:github-token]' }] });
    expect(clean.finalRequest).toBe(record.finalRequest);
    expect(clean.upstreamResponse?.blocks).toEqual([
      { type: 'text', text: 'here: [REDACTED:aws-access-key]' },
      { type: 'tool-call', id: 't1', name: 'login', input: { user: 'a', password: '[REDACTED:credential]' }, inputJson: '{"user":"a","password":"[REDACTED:credential]"}' },
      { type: 'tool-call', id: 't2', name: 'echo', input: { text: '[REDACTED:slack-token]' }, inputJson: '{"text":"[REDACTED:slack-token]"}' },
    ]);
    expect(clean.policyEvents[0]?.summary).toBe('saw [REDACTED:anthropic-key]');
    expect(clean.error).toEqual({ code: 'X', message: 'failed with [REDACTED:jwt]' });
    expect(JSON.stringify(clean)).not.toMatch(/p4ss|sk-ant|sk-proj|AKIA|ghp_|xoxb|eyJ/);
  });

  it('redacts a final request that is the original once, and keeps them one object', () => {
    const request = { messages: [{ role: 'user', content: `use ${githubToken}` }] };
    const clean = redactCallRecord({ ...record, originalRequest: request, finalRequest: request });
    expect(clean.originalRequest).toEqual({ messages: [{ role: 'user', content: 'use [REDACTED:github-token]' }] });
    expect(clean.finalRequest).toBe(clean.originalRequest);
  });

  it('keeps the client\'s bytes with a request redaction left alone, and drops them from one it changed', () => {
    const bytes = Buffer.from('{"messages":[]}');
    const clean = { messages: [] };
    expect(redactCallRecord({ ...record, originalRequest: clean, originalRequestBytes: bytes, finalRequest: clean }).originalRequestBytes).toBe(bytes);
    const leaky = { messages: [{ role: 'user', content: `use ${githubToken}` }] };
    expect(redactCallRecord({ ...record, originalRequest: leaky, originalRequestBytes: Buffer.from(JSON.stringify(leaky)) }).originalRequestBytes).toBeUndefined();
  });

  it('is idempotent', () => {
    const once = redactCallRecord(record);
    expect(redactCallRecord(once)).toEqual(once);
  });
});

describe('redactSecrets on the kinds beyond the main pattern', () => {
  it('redacts tokens a prompt or tool output may carry, and `.env` lines, everywhere it is used', () => {
    const text = ['hf_abcdefghijklmnopqrstuvwxyz0123456789', 'glpat-abcdefghij0123456789', 'OPENAI_API_KEY=abc123def456ghi789', 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'].join('\n');
    expect(redactSecrets(text)).toBe(['[REDACTED:huggingface-token]', '[REDACTED:gitlab-token]', 'OPENAI_API_KEY=[REDACTED:credential]', 'aws_secret_access_key = [REDACTED:aws-secret-key]'].join('\n'));
  });

  it('leaves code that only names such a variable alone', () => {
    const code = 'API_TOKEN = os.getenv("API_TOKEN")';
    expect(redactSecrets(code)).toBe(code);
  });
});

describe('redaction of texts seen before', () => {
  const prompt = `You are a coding agent. ${'Follow the repository conventions and explain each change. '.repeat(10)}`;

  it('answers a long clean text unchanged however often it comes, a fresh copy included', () => {
    expect(redactSecrets(prompt)).toBe(prompt);
    const copy = JSON.parse(JSON.stringify(prompt)) as string;
    expect(redactSecrets(copy)).toBe(copy);
  });

  it('redacts a long text holding a secret every time, and a clean one it extends', () => {
    const leaked = `${prompt} export ANTHROPIC_API_KEY=${anthropicKey}`;
    for (let round = 0; round < 3; round++) {
      expect(redactSecrets(leaked)).not.toContain(anthropicKey);
      expect(redactSecrets(leaked)).toContain('[REDACTED:');
    }
    expect(redactSecrets(prompt)).toBe(prompt);
    expect(redactSecrets(`${prompt}Bearer abcdefghijklmnop`)).toContain('[REDACTED:bearer-token]');
  });
});
