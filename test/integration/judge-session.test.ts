import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WireFormat } from '../../src/core/wire-format.js';
import { verdictDirective } from '../../src/mock-upstream/verdict-directive.js';
import { closedAfterEach } from '../helpers/closed-after.js';
import { startJudgeGateway } from './support/judge-gateway.js';
import { clientReply } from './support/judge-reply.js';
import { postAgentTurn, SHELL_TOOL, shellCall, shellCalls, shellInput, type HistoryEntry } from './support/judge-requests.js';
import { startJudgeServer } from './support/judge-server.js';

/*
 * What tool-call-judge does across the calls of a session and the calls of one response: several
 * calls judged at once, identical calls judged once, the conversation so far shown to the judge, and
 * the judge billed to the right credential.
 */

const formats: readonly WireFormat[] = ['anthropic', 'openai-chat', 'openai-responses'];
const matrix = formats.flatMap((format) => [true, false].map((stream) => ({ format, stream })));

const startGateway = closedAfterEach(startJudgeGateway);
const startJudge = closedAfterEach(startJudgeServer);

/** A judge block pointing at the test's judge server, in the API the format's backend speaks. */
function judgeAt(url: string, format: WireFormat, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const api = format === 'anthropic' ? 'anthropic' : 'openai';
  return { model: 'judge-model', base_url: api === 'anthropic' ? url : `${url}/v1`, api, credential: 'none', max_retries: 0, ...extra };
}

describe.each(matrix)('$format (stream: $stream)', ({ format, stream }) => {
  const tool = SHELL_TOOL[format];

  it('judges two tool calls of one response at once, and keeps them in order', async () => {
    // The judge answers only once it holds both questions: asked one after the other, the first
    // would wait for an answer that never comes and time out (the call would then be blocked).
    const judge = await startJudge({ holdUntil: 2, decide: () => ({ probability: 0.1, explanation: 'reads the tree' }) });
    const gateway = await startGateway({ name: 'tool-call-judge', config: { judge: judgeAt(judge.url, format, { timeout_ms: 10_000 }) } });
    const answer = await postAgentTurn(gateway.url, format, { prompt: `Look around. ${shellCalls(format, ['ls src', 'ls test'])}`, stream });
    const reply = clientReply(format, answer, stream);
    expect(judge.requests.map((request) => request.waitingOnArrival)).toEqual([1, 2]);
    expect(reply.calls.map((call) => [call.name, JSON.parse(call.input) as unknown])).toEqual([
      [tool, shellInput(format, 'ls src')],
      [tool, shellInput(format, 'ls test')],
    ]);
    const record = await gateway.recordOf(answer);
    expect(record.policyEvents.map((event) => event.type)).toEqual(['judge.verdict', 'judge.verdict']);
  });

  it('asks once for identical calls in one response and in a later turn of the session, and reuses that verdict', async () => {
    const gateway = await startGateway({ name: 'tool-call-judge', config: { judge: { model: 'judge-model' } } });
    const command = `rm -rf node_modules # ${verdictDirective(0.7, 'deletes the dependencies')}`;
    const first = await postAgentTurn(gateway.url, format, { prompt: `Reinstall. ${shellCalls(format, [command, command])}`, stream });
    expect(clientReply(format, first, stream).calls).toEqual([]);
    expect(gateway.judgeRequests()).toHaveLength(1);
    expect((await gateway.recordOf(first)).policyEvents.map((event) => event.type)).toEqual(['judge.verdict', 'verdict-reused', 'policy.blocked', 'policy.blocked']);

    const history: HistoryEntry[] = [{ role: 'user', text: 'Reinstall.' }, { role: 'assistant', text: 'The calls were blocked.' }];
    const again = await postAgentTurn(gateway.url, format, { prompt: `Try again. ${shellCall(format, command)}`, history, stream });
    expect(clientReply(format, again, stream).calls).toEqual([]);
    expect(gateway.judgeRequests()).toHaveLength(1);
    const record = await gateway.recordOf(again);
    expect(record.policyEvents).toEqual([
      expect.objectContaining({ policy: 'tool-call-judge', type: 'verdict-reused', data: { tool, probability: 0.7 } }),
      expect.objectContaining({ policy: 'tool-call-judge', type: 'policy.blocked' }),
    ]);
    const decisions = await gateway.decisionsOf(again);
    expect(decisions.map((event) => [event.decision, event.summary])).toEqual([
      ['verdict-reused', `${tool}: reused the session’s earlier verdict (0.70)`],
      ['policy.blocked', 'the safety judge rated it likely harmful (0.70 ≥ 0.60): deletes the dependencies'],
    ]);
  });
});

/** The agent made scratch files earlier in the session, in each client's own way. */
function scratchHistory(format: WireFormat, testOutput: string): HistoryEntry[] {
  const create =
    format === 'anthropic'
      ? { id: 'toolu_prev_1', name: 'Write', input: { file_path: '/work/app/tmp_refactor_a.py', content: 'def helper():\n    return 1\n' } }
      : format === 'openai-responses'
        ? { id: 'call_prev_1', name: 'apply_patch', input: '*** Begin Patch\n*** Add File: tmp_refactor_a.py\n+def helper():\n+    return 1\n*** End Patch\n' }
        : { id: 'call_prev_1', name: 'exec_command', input: { cmd: "printf 'def helper():\\n    return 1\\n' > tmp_refactor_a.py" } };
  const test = format === 'anthropic' ? { id: 'toolu_prev_2', name: 'Bash', input: { command: 'pytest -q' } } : { id: 'call_prev_2', name: 'exec_command', input: { cmd: 'pytest -q' } };
  return [
    { role: 'user', text: 'Refactor utils.py. Keep your scratch copies in ./tmp_refactor_*.py.' },
    { role: 'assistant', text: 'I will write a scratch copy first.', call: create },
    { role: 'tool', id: create.id, output: 'File created successfully.' },
    { role: 'assistant', call: test },
    { role: 'tool', id: test.id, output: testOutput },
    { role: 'user', text: 'Looks good, thanks.' },
  ];
}

describe.each(formats)('the session reaches the judge (%s)', (format) => {
  /**
   * A judge that allows removing scratch files only when the conversation it was shown has the agent
   * creating them: what a real judge is asked to do, made deterministic.
   */
  const contextJudge = () =>
    startJudge({
      decide: (user) => {
        const conversation = /<conversation>\n([\s\S]*)\n<\/conversation>/.exec(user)?.[1] ?? '';
        return /Assistant called \w+ [\s\S]*?tmp_refactor_a\.py/.test(conversation)
          ? { probability: 0.1, explanation: 'removes scratch files the agent created' }
          : { probability: 0.9, explanation: 'deletes files nobody asked to delete' };
      },
    });
  const cleanUp = () => `Clean up your scratch files. ${shellCall(format, 'rm ./tmp_refactor_*.py')}`;

  it('allows removing files the agent created earlier in the session; blocks it in a session that did not', async () => {
    const judge = await contextJudge();
    const gateway = await startGateway({ name: 'tool-call-judge', config: { judge: judgeAt(judge.url, format), cache_minutes: 0 } });
    const withHistory = await postAgentTurn(gateway.url, format, { prompt: cleanUp(), history: scratchHistory(format, '3 passed in 0.12s'), stream: true });
    expect(clientReply(format, withHistory, true).calls.map((call) => call.name)).toEqual([SHELL_TOOL[format]]);
    const case1 = judge.requests[0]?.user ?? '';
    expect(case1).toContain('User: Refactor utils.py. Keep your scratch copies in ./tmp_refactor_*.py.');
    expect(case1).toContain(`Result of ${SHELL_TOOL[format]}: 3 passed in 0.12s`);
    expect(case1).not.toContain('currentDate');

    const fresh = await postAgentTurn(gateway.url, format, { prompt: cleanUp(), stream: true });
    const blocked = clientReply(format, fresh, true);
    expect(blocked.calls).toEqual([]);
    expect(blocked.text).toContain('deletes files nobody asked to delete');
  });

  it('cuts the context to context_tokens, newest first: what falls outside is not seen', async () => {
    const judge = await contextJudge();
    const gateway = await startGateway({ name: 'tool-call-judge', config: { judge: judgeAt(judge.url, format), context_tokens: 150 } });
    // A long test output after the Write fills the budget: the Write is left out, so the removal is blocked.
    const answer = await postAgentTurn(gateway.url, format, { prompt: cleanUp(), history: scratchHistory(format, 'collected 40 items\n'.repeat(40)), stream: false });
    expect(clientReply(format, answer, false).calls).toEqual([]);
    const seen = judge.requests[0]?.user ?? '';
    const conversation = /<conversation>\n([\s\S]*)\n<\/conversation>/.exec(seen)?.[1] ?? '';
    expect(conversation.startsWith('[earlier conversation omitted]\n')).toBe(true);
    expect(conversation).toContain('User: Looks good, thanks.');
    expect(conversation).not.toContain('tmp_refactor_a.py');
    expect(conversation.length).toBeLessThanOrEqual(150 * 4 + '[earlier conversation omitted]\n'.length);
  });
});

describe('who pays for the judge', () => {
  const KEY_VARIABLE = 'LUTHIEN_TEST_JUDGE_KEY';
  beforeAll(() => {
    process.env[KEY_VARIABLE] = 'judge-account-key';
  });
  afterAll(() => {
    Reflect.deleteProperty(process.env, KEY_VARIABLE);
  });
  const harmless = (format: WireFormat) => shellCall(format, `ls # ${verdictDirective(0.1, 'lists files')}`);

  it.each([
    ['anthropic', 'x-api-key', 'sk-client-key'],
    ['openai-chat', 'authorization', 'Bearer sk-client-key'],
    ['openai-responses', 'authorization', 'Bearer sk-client-key'],
  ] as const)('by default the judged request’s own credential, in passthrough (%s)', async (format, header, value) => {
    const gateway = await startGateway({ name: 'tool-call-judge', config: { judge: { model: 'judge-model' } } }, { AUTH_MODE: 'passthrough' });
    await postAgentTurn(gateway.url, format, { prompt: harmless(format), stream: true });
    const [judged] = gateway.judgeRequests();
    const [agent] = gateway.agentRequests();
    expect(judged?.headers[header]).toBe(value);
    expect(agent?.headers[header]).toBe(value);
  });

  it('the backend’s server key when the client holds the proxy key', async () => {
    const gateway = await startGateway(
      { name: 'tool-call-judge', config: { judge: { model: 'judge-model' } } },
      { AUTH_MODE: 'proxy_key', PROXY_API_KEY: 'proxy-key-for-clients', ANTHROPIC_API_KEY: 'server-anthropic-key' },
    );
    await postAgentTurn(gateway.url, 'anthropic', { prompt: harmless('anthropic'), stream: true }, { 'x-api-key': 'proxy-key-for-clients' });
    expect(gateway.judgeRequests()[0]?.headers['x-api-key']).toBe('server-anthropic-key');
  });

  it('the key in the variable api_key_env names, never the client’s', async () => {
    const gateway = await startGateway({ name: 'tool-call-judge', config: { judge: { model: 'judge-model', api_key_env: KEY_VARIABLE } } });
    await postAgentTurn(gateway.url, 'anthropic', { prompt: harmless('anthropic'), stream: false });
    const [judged] = gateway.judgeRequests();
    expect(judged?.headers['x-api-key']).toBe('judge-account-key');
    expect(JSON.stringify(judged?.headers)).not.toContain('sk-client-key');
  });
});
