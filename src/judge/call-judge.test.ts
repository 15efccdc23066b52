import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../mock-upstream/mock-upstream.js';
import { verdictDirective } from '../mock-upstream/verdict-directive.js';
import { parseUpstreamBase } from '../upstream/upstream-base.js';
import { UpstreamClient } from '../upstream/upstream-client.js';
import { callJudge, type JudgeCallOptions } from './call-judge.js';
import type { JudgeEndpoint } from './judge-endpoint.js';
import { JudgeError } from './judge-error.js';
import type { JudgeQuery } from './judge-query.js';
import { verdictSchema, type Verdict } from './verdict.js';

let mock: MockUpstream;
const upstream = new UpstreamClient({ connectTimeoutMs: 1000, timeoutMs: 10_000, connectionsPerOrigin: 4 });

beforeAll(async () => {
  mock = await startMockUpstream();
});
afterAll(async () => {
  await upstream.close();
  await mock.close();
});

function endpoint(api: JudgeEndpoint['api'], key = 'judge-key'): JudgeEndpoint {
  return {
    api,
    name: 'mock',
    upstream: parseUpstreamBase(api === 'anthropic' ? mock.url : `${mock.url}/v1`),
    credential: { header: api === 'anthropic' ? 'x-api-key' : 'authorization', value: key },
  };
}

function query(user: string): JudgeQuery<Verdict> {
  return { system: 'You judge tool calls.', user, schema: verdictSchema, maxTokens: 256, temperature: 0 };
}

function options(api: JudgeEndpoint['api'], overrides: Partial<JudgeCallOptions> = {}): JudgeCallOptions {
  return { endpoint: endpoint(api), model: 'judge-model', timeoutMs: 5000, maxRetries: 1, retryDelayMs: 1, structuredOutput: 'json_schema', ...overrides };
}

/** Judge requests the mock received since `before`. */
function judgeRequestsSince(before: number) {
  return mock.requests.slice(before);
}

describe('callJudge', () => {
  it.each(['anthropic', 'openai'] as const)('gets a validated verdict from an %s judge, with usage and the request it sent', async (api) => {
    const before = mock.requests.length;
    const result = await callJudge(upstream, query(`Tool: Bash rm -rf ~ ${verdictDirective(0.92, 'deletes the home directory')}`), options(api));
    expect(result).toMatchObject({ verdict: { probability: 0.92, explanation: 'deletes the home directory' }, attempts: 1 });
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.usage.outputTokens).toBeGreaterThan(0);
    const [sent] = judgeRequestsSince(before);
    const body = JSON.parse(sent?.body ?? '{}') as Record<string, unknown>;
    if (api === 'anthropic') {
      expect(sent).toMatchObject({ path: '/v1/messages', headers: { 'x-api-key': 'judge-key', 'anthropic-version': '2023-06-01' } });
      expect(body).toMatchObject({ model: 'judge-model', system: 'You judge tool calls.', tool_choice: { type: 'tool', name: 'record_verdict' } });
    } else {
      expect(sent).toMatchObject({ path: '/v1/chat/completions', headers: { authorization: 'Bearer judge-key' } });
      expect(body).toMatchObject({ model: 'judge-model', response_format: { type: 'json_schema', json_schema: { name: 'record_verdict' } } });
    }
  });

  it('accepts a verdict wrapped in Markdown fences', async () => {
    const result = await callJudge(upstream, query(verdictDirective(0.3, 'reads a file', { fenced: true })), options('openai', { structuredOutput: 'json_object' }));
    expect(result.verdict).toEqual({ probability: 0.3, explanation: 'reads a file' });
  });

  it.each([
    ['prose', 'mock:verdict-malformed', "the judge's answer is not a verdict"],
    ['a probability that is not a number', 'mock:verdict-invalid', "the judge's answer is not a verdict at probability"],
    ['a probability out of range', 'mock:verdict-invalid:range', "the judge's answer is not a verdict at probability"],
  ])('retries an answer that is %s, then fails as malformed', async (_name, directive, message) => {
    const before = mock.requests.length;
    const error = await callJudge(upstream, query(directive), options('anthropic', { maxRetries: 2 })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(JudgeError);
    expect(error).toMatchObject({ kind: 'malformed', details: { attempts: 3 } });
    expect((error as JudgeError).message).toContain(message);
    expect(judgeRequestsSince(before)).toHaveLength(3);
  });

  it('retries a 500 and reports the status', async () => {
    const before = mock.requests.length;
    const error = await callJudge(upstream, query('mock:error:500'), options('openai')).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'http', details: { status: 500, attempts: 2 } });
    expect(judgeRequestsSince(before)).toHaveLength(2);
  });

  it('does not retry a refused key, and never shows the key', async () => {
    const before = mock.requests.length;
    const error = await callJudge(upstream, query(verdictDirective(0.1)), { ...options('anthropic'), endpoint: endpoint('anthropic', 'invalid-key') }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'http', details: { status: 401, attempts: 1 } });
    expect(judgeRequestsSince(before)).toHaveLength(1);
  });

  it('times out a judge that does not answer, per attempt', async () => {
    const error = await callJudge(upstream, query('mock:hang'), options('anthropic', { timeoutMs: 200, maxRetries: 1 })).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'timeout', details: { attempts: 2 } });
    expect((error as JudgeError).message).toBe('the judge did not answer within 200 ms');
  });

  it('gives up at once when the judged call is abandoned', async () => {
    const controller = new AbortController();
    const pending = callJudge(upstream, query('mock:hang'), options('openai', { signal: controller.signal, maxRetries: 3 }));
    setImmediate(() => controller.abort());
    await expect(pending).rejects.toMatchObject({ kind: 'aborted', details: { attempts: 1 } });
  });

  it('says a judge that cannot be reached is unreachable', async () => {
    const closed = await startMockUpstream();
    const url = closed.url;
    await closed.close();
    const unreachable: JudgeEndpoint = { api: 'openai', name: 'gone', upstream: parseUpstreamBase(`${url}/v1`), credential: undefined };
    const error = await callJudge(upstream, query(verdictDirective(0.1)), { ...options('openai'), endpoint: unreachable, maxRetries: 0 }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'unreachable' });
    expect((error as JudgeError).message).toMatch(/^the judge at gone could not be reached/);
  });
});
