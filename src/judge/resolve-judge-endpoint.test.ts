import { describe, expect, it } from 'vitest';
import type { Backend } from '../routing/backend.js';
import { parseUpstreamBase } from '../upstream/upstream-base.js';
import { JudgeError } from './judge-error.js';
import { judgeSettingsSchema } from './judge-settings.js';
import { resolveJudgeEndpoint, type JudgedCall } from './resolve-judge-endpoint.js';

function backend(name: string, api: Backend['api'], serverKey?: string): Backend {
  return {
    name,
    api,
    upstream: parseUpstreamBase(api === 'anthropic' ? 'https://api.anthropic.com' : 'https://api.openai.com/v1'),
    serverKey,
    serverKeyHeader: api === 'anthropic' ? 'x-api-key' : 'authorization',
    serverKeySource: 'TEST',
  };
}

const anthropic = backend('anthropic', 'anthropic', 'server-anthropic-key');
const openai = backend('openai', 'openai', 'server-openai-key');
const sources = { backends: new Map([['anthropic', anthropic], ['openai', openai]]), env: { JUDGE_KEY: 'env-judge-key' } };
const userCall: JudgedCall = { backend: anthropic, credential: { header: 'authorization', value: 'user-oauth-token' } };
const settings = (input: Record<string, unknown>) => judgeSettingsSchema.parse({ model: 'judge-model', ...input });

describe('resolveJudgeEndpoint', () => {
  it('defaults to the judged call’s backend, billed to the call’s own credential', () => {
    expect(resolveJudgeEndpoint(settings({}), sources, userCall)).toEqual({
      api: 'anthropic',
      name: 'anthropic',
      upstream: anthropic.upstream,
      credential: { header: 'authorization', value: 'user-oauth-token' },
    });
  });

  it('never sends the user’s credential to another backend: that backend’s server key instead', () => {
    const endpoint = resolveJudgeEndpoint(settings({ backend: 'openai' }), sources, userCall);
    expect(endpoint).toMatchObject({ api: 'openai', name: 'openai', credential: { header: 'authorization', value: 'server-openai-key' } });
  });

  it('uses the server key when asked, and no key for `none`', () => {
    expect(resolveJudgeEndpoint(settings({ credential: 'server' }), sources, userCall).credential).toEqual({ header: 'x-api-key', value: 'server-anthropic-key' });
    expect(resolveJudgeEndpoint(settings({ credential: 'none' }), sources, userCall).credential).toBeUndefined();
  });

  it('takes a key from the variable `api_key_env` names, in the header of the judge’s API', () => {
    const endpoint = resolveJudgeEndpoint(settings({ base_url: 'http://127.0.0.1:11434/v1', api: 'openai', api_key_env: 'JUDGE_KEY' }), sources, userCall);
    expect(endpoint).toEqual({
      api: 'openai',
      name: 'http://127.0.0.1:11434',
      upstream: { origin: 'http://127.0.0.1:11434', basePath: '/v1' },
      credential: { header: 'authorization', value: 'env-judge-key' },
    });
  });

  it('says which backend or variable is missing', () => {
    expect(() => resolveJudgeEndpoint(settings({ backend: 'nowhere' }), sources, userCall)).toThrow(new JudgeError('unreachable', "the judge's backend 'nowhere' is not configured (known: anthropic, openai)", { attempts: 0, latencyMs: 0 }));
    expect(() => resolveJudgeEndpoint(settings({ api_key_env: 'UNSET_KEY' }), sources, userCall)).toThrow('the judge key variable UNSET_KEY is not set');
  });

  it('refuses a base URL without its API, and a base URL with a backend', () => {
    expect(judgeSettingsSchema.safeParse({ model: 'm', base_url: 'http://127.0.0.1:1/v1' }).error?.issues[0]).toMatchObject({ path: ['api'] });
    expect(judgeSettingsSchema.safeParse({ model: 'm', base_url: 'http://127.0.0.1:1/v1', api: 'openai', backend: 'openai' }).error?.issues[0]).toMatchObject({ path: ['base_url'] });
  });
});
