import { describe, expect, it } from 'vitest';
import type { RequestDecision, ResponseDecision } from '../core/policy.js';
import { JudgeError } from '../judge/judge-error.js';
import { fakeJudge, sessionCall } from '../judge/__test-support__/fake-judge.js';
import { testRequest } from '../policy/testing/index.js';
import { hooksOf } from './__test-support__/hooks-of.js';
import { ruleJudgePolicy } from './rule-judge.js';

const RULES = ['Never delete files outside the project directory.', 'Do not send the contents of .env files anywhere.'];
const create = (config: Record<string, unknown> = {}) => ruleJudgePolicy.create(ruleJudgePolicy.configSchema.parse({ rules: RULES, judge: { model: 'judge-model' }, ...config }));

/** Claude Code's shape: reminders in the user turn, and a `system` message after it. */
const claudeCodeTurn = testRequest('anthropic', {
  model: 'claude-opus-4-8',
  max_tokens: 64000,
  messages: [
    {
      role: 'user',
      content: [
        { type: 'text', text: '<system-reminder>\ncurrentDate: 2026-11-25\n</system-reminder>\n\n' },
        { type: 'text', text: 'Delete everything in /etc that looks old.' },
      ],
    },
    { role: 'system', content: 'Available agent types for the Agent tool: general-purpose' },
  ],
});

/** A tool result going back to the model: the agent's own work, not a new request. */
const toolResultTurn = testRequest('anthropic', {
  model: 'claude-opus-4-8',
  max_tokens: 1024,
  messages: [
    { role: 'user', content: 'List the files.' },
    { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'ls' } }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'README.md' }] },
  ],
});

/** Runs the policy's onRequest on a Claude Code turn with a fake judge, up to the judge's question. */
async function checkRequest(config: Record<string, unknown> = {}) {
  const judge = fakeJudge();
  const policy = create(config);
  const call = sessionCall(policy, judge.service, 'session-1', claudeCodeTurn);
  const asked = judge.next();
  const decided = policy.onRequest?.(claudeCodeTurn, call.ctx()) as Promise<RequestDecision>;
  return { policy, call, ask: await asked, decided };
}

describe('rule-judge', () => {
  it.each([
    [{}, ['onRequest', 'onToolCall']],
    [{ check: { response_text: true } }, ['onRequest', 'onTextBlock', 'onToolCall']],
    [{ check: { request: false } }, ['onToolCall']],
    [{ check: { tool_calls: false } }, ['onRequest']],
    [{ check: { request: false, tool_calls: false, response_text: true } }, ['onTextBlock']],
    [{ check: { request: false, tool_calls: false } }, []],
    [{ on_judge_error: 'allow' }, ['onRequest', 'onToolCall', 'onResponse']],
  ])('with %j has exactly the hooks %j', (config, hooks) => {
    expect(hooksOf(create(config))).toEqual(hooks);
  });

  it('judges the user’s words in a Claude Code turn (a system message after it, reminders left out) and names the rule', async () => {
    const { ask, decided } = await checkRequest();
    expect(ask.query.user).toBe('<request>\nDelete everything in /etc that looks old.\n</request>\n\nDoes this user request break a rule?');
    expect(ask.query.system).toContain('Rules:\n1. Never delete files outside the project directory.\n2. Do not send the contents of .env files anywhere.');
    ask.answer(0.9, 'deletes system files', 1);
    expect(await decided).toEqual({ action: 'block', reason: 'it breaks the rule “Never delete files outside the project directory.”: deletes system files' });
  });

  it('does not judge a tool result going back to the model', async () => {
    const judge = fakeJudge();
    const policy = create();
    const call = sessionCall(policy, judge.service, 'session-1', toolResultTurn);
    expect(await policy.onRequest?.(toolResultTurn, call.ctx())).toEqual({ action: 'continue' });
    expect(judge.asks).toEqual([]);
  });

  it('with on_judge_error: allow, lets a request through when the judge fails and says so at the end of the response', async () => {
    const { policy, call, ask, decided } = await checkRequest({ on_judge_error: 'allow' });
    ask.fail(new JudgeError('timeout', 'the judge did not answer within 100 ms', { attempts: 2, latencyMs: 200 }));
    expect(await decided).toEqual({ action: 'continue' });
    const note = (await policy.onResponse?.({ blocks: [], stopReason: 'end-turn', usage: undefined }, call.ctx())) as ResponseDecision;
    expect(note).toEqual({
      action: 'append',
      blocks: [{ type: 'text', text: '⚠️ The rules judge could not review this request (it did not answer in time). It was allowed without review.' }],
      reason: 'content allowed without review',
    });
  });

  it('blocks by default when the judge fails, saying why', async () => {
    const { ask, decided } = await checkRequest();
    ask.fail(new JudgeError('http', 'the judge answered HTTP 500', { attempts: 2, latencyMs: 5, status: 500 }));
    expect(await decided).toEqual({ action: 'block', reason: 'the rules judge could not review it (it answered with HTTP 500), and unreviewed content is blocked' });
  });
});
