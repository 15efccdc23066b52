import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadRoutingConfig, routingFromDocument } from './load-routing-config.js';
import { Router } from './router.js';

const env = {
  ANTHROPIC_UPSTREAM_URL: 'https://api.anthropic.com',
  ANTHROPIC_API_KEY: 'sk-ant-server',
  OPENAI_UPSTREAM_URL: 'https://api.openai.com/v1',
  OPENAI_API_KEY: undefined,
  ROUTING_CONFIG: undefined,
};

const fromYaml = (text: string, processEnv: NodeJS.ProcessEnv = {}) => routingFromDocument(parse(text), env, processEnv, 'routing.yaml');

describe('loadRoutingConfig', () => {
  it('has the two built-in backends from the environment when there is no file', async () => {
    const table = await loadRoutingConfig(env);
    expect([...table.backends.keys()]).toEqual(['anthropic', 'openai']);
    expect(table.familyDefaults.anthropic).toMatchObject({ name: 'anthropic', serverKey: 'sk-ant-server', serverKeyHeader: 'x-api-key', upstream: { origin: 'https://api.anthropic.com', basePath: '' } });
    expect(table.familyDefaults.openai).toMatchObject({ name: 'openai', serverKey: undefined, serverKeyHeader: 'authorization', upstream: { origin: 'https://api.openai.com', basePath: '/v1' } });
  });

  it('reads backends, defaults and model rules from the file, keys from named variables', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'luthien-routing-'));
    const file = join(dir, 'routing.yaml');
    writeFileSync(
      file,
      `backends:
  local:
    api: openai
    url: http://127.0.0.1:11434/v1
    api_key_env: LOCAL_KEY
  bedrock-ish:
    api: anthropic
    url: https://gateway.example.com/anthropic
    auth_header: authorization
defaults:
  /v1/chat/completions: local
models:
  - match: gpt-oss-*
    backend: local
  - match: claude-*-haiku*
    backend: bedrock-ish
`,
    );
    const table = await loadRoutingConfig({ ...env, ROUTING_CONFIG: file }, { LOCAL_KEY: 'local-secret' });
    expect(table.backends.get('local')).toMatchObject({ api: 'openai', serverKey: 'local-secret', serverKeyHeader: 'authorization', upstream: { origin: 'http://127.0.0.1:11434', basePath: '/v1' } });
    expect(table.backends.get('bedrock-ish')).toMatchObject({ serverKey: undefined, serverKeyHeader: 'authorization' });
    const router = new Router(table);
    expect(router.backendFor('openai', '/v1/responses', 'gpt-oss-20b').name).toBe('local');
    expect(router.backendFor('openai', '/v1/responses', 'gpt-5').name).toBe('openai');
    expect(router.backendFor('openai', '/v1/chat/completions', 'gpt-5').name).toBe('local');
    expect(router.backendFor('anthropic', '/v1/messages', 'claude-3-5-haiku-20241022').name).toBe('bedrock-ish');
    expect(router.backendFor('anthropic', '/v1/messages', 'claude-sonnet-4-5').name).toBe('anthropic');
  });

  it('lets a file refine a built-in backend and keeps the environment key', () => {
    const table = fromYaml('backends:\n  anthropic:\n    api: anthropic\n    url: http://127.0.0.1:9999\n');
    expect(table.familyDefaults.anthropic).toMatchObject({ serverKey: 'sk-ant-server', upstream: { origin: 'http://127.0.0.1:9999' } });
  });

  it('takes a family default from the file', () => {
    const table = fromYaml('backends:\n  proxy:\n    api: openai\n    url: https://openrouter.ai/api/v1\ndefaults:\n  openai: proxy\n');
    expect(new Router(table).backendFor('openai', '/v1/models', undefined).name).toBe('proxy');
  });

  it.each([
    ['backends:\n  x:\n    api: gemini\n    url: http://h\n', /routing\.yaml: backends\.x\.api: /],
    ['backends:\n  x:\n    api: openai\n    url: not a url\n', /routing\.yaml: backends\.x\.url: /],
    ['backends:\n  x:\n    api: openai\n    url: http://h\n    key: k\n', /routing\.yaml: backends\.x: Unrecognized key: "key"/],
    ['backends:\n  X Y:\n    api: openai\n    url: http://h\n', /backend names are lower-case/],
    ['backends:\n  openai:\n    api: anthropic\n    url: http://h\n', /backends\.openai\.api: the built-in 'openai' backend speaks the openai API/],
    ['models:\n  - match: gpt-*\n    backend: nowhere\n', /models\.0\.backend: unknown backend 'nowhere' \(known: anthropic, openai\)/],
    ['defaults:\n  anthropic: openai\n', /defaults\.anthropic: backend 'openai' speaks the openai API, not anthropic/],
    ['defaults:\n  /v1/messages: openai\n', /defaults\.\/v1\/messages: backend 'openai' speaks the openai API; \/v1\/messages is anthropic/],
    ['defaults:\n  chat: openai\n', /defaults\.chat: a default is keyed by API family/],
    ['routes: []\n', /Unrecognized key: "routes"/],
  ])('rejects %j with a message that names the place', (text, message) => {
    expect(() => fromYaml(text)).toThrow(message);
  });

  it('names the file when it cannot be read or parsed', async () => {
    await expect(loadRoutingConfig({ ...env, ROUTING_CONFIG: '/nonexistent/routing.yaml' })).rejects.toThrow('/nonexistent/routing.yaml: cannot read the routing file (ENOENT)');
    const dir = mkdtempSync(join(tmpdir(), 'luthien-routing-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'backends: [\n');
    await expect(loadRoutingConfig({ ...env, ROUTING_CONFIG: file })).rejects.toThrow(`${file}: invalid YAML at line`);
  });
});
