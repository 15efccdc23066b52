import { describe, expect, it } from 'vitest';
import type { ApiFamily } from './api-family.js';
import { upstreamPath, type Backend } from './backend.js';
import { compileModelPattern } from './model-pattern.js';
import { Router } from './router.js';

const backend = (name: string, api: ApiFamily, basePath = ''): Backend => ({
  name,
  api,
  upstream: { origin: 'http://127.0.0.1:1', basePath },
  serverKey: undefined,
  serverKeyHeader: api === 'anthropic' ? 'x-api-key' : 'authorization',
  serverKeySource: 'test',
});

describe('Router', () => {
  const anthropic = backend('anthropic', 'anthropic');
  const openai = backend('openai', 'openai', '/v1');
  const local = backend('local', 'openai', '/v1');
  const claudeProxy = backend('claude-proxy', 'anthropic');
  const router = new Router({
    backends: new Map([anthropic, openai, local, claudeProxy].map((b) => [b.name, b])),
    models: [
      { match: 'gpt-oss-*', backend: local },
      { match: 'claude-*', backend: claudeProxy },
      { match: '*', backend: local },
    ],
    pathDefaults: new Map([['/v1/responses', openai]]),
    familyDefaults: { anthropic, openai },
  });

  it('takes the first rule that matches the model and speaks the family', () => {
    expect(router.backendFor('openai', '/v1/chat/completions', 'gpt-oss-120b')).toBe(local);
    expect(router.backendFor('anthropic', '/v1/messages', 'claude-opus-4-1')).toBe(claudeProxy);
    // `claude-*` names an Anthropic backend: an OpenAI client asking for a claude model falls through to `*`.
    expect(router.backendFor('openai', '/v1/chat/completions', 'claude-opus-4-1')).toBe(local);
  });

  it('falls back to the path default, then the family default', () => {
    const noRules = new Router({ ...router.table, models: [] });
    expect(noRules.backendFor('openai', '/v1/responses', 'gpt-5')).toBe(openai);
    expect(noRules.backendFor('openai', '/v1/chat/completions', 'gpt-5')).toBe(openai);
    expect(noRules.backendFor('anthropic', '/v1/messages', undefined)).toBe(anthropic);
    expect(router.backendFor('anthropic', '/v1/models', '')).toBe(anthropic);
  });

  it('knows whether a family has model rules', () => {
    expect(router.hasModelRules('anthropic')).toBe(true);
    expect(new Router({ ...router.table, models: [{ match: 'x', backend: local }] }).hasModelRules('anthropic')).toBe(false);
  });

  it('maps client paths onto each family’s base URL convention', () => {
    expect(upstreamPath(anthropic, '/v1/messages?beta=true')).toBe('/v1/messages?beta=true');
    expect(upstreamPath(backend('a', 'anthropic', '/proxy'), '/v1/messages')).toBe('/proxy/v1/messages');
    expect(upstreamPath(openai, '/v1/chat/completions')).toBe('/v1/chat/completions');
    expect(upstreamPath(backend('or', 'openai', '/api/v1'), '/v1/responses')).toBe('/api/v1/responses');
    expect(upstreamPath(backend('groq', 'openai', '/openai/v1'), '/v1/models?limit=2')).toBe('/openai/v1/models?limit=2');
    expect(upstreamPath(backend('bare', 'openai', ''), '/v1/models')).toBe('/models');
  });
});

describe('compileModelPattern', () => {
  it.each([
    ['gpt-oss-*', 'gpt-oss-20b', true],
    ['gpt-oss-*', 'gpt-oss', false],
    ['gpt-?', 'gpt-5', true],
    ['gpt-?', 'gpt-55', false],
    ['claude-3.5*', 'claude-3x5', false],
    ['*', '', true],
    ['a+b(c)', 'a+b(c)', true],
    ['GPT-*', 'gpt-5', false],
  ])('%s against %s is %s', (pattern, model, expected) => {
    expect(compileModelPattern(pattern)(model)).toBe(expected);
  });
});
