import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { toolInputDirective } from '../../src/mock-upstream/tool-input-directive.js';
import { verdictDirective } from '../../src/mock-upstream/verdict-directive.js';
import { closedAfterEach } from '../helpers/closed-after.js';
import { expectValidOutput } from '../helpers/validate-output.js';
import { judgeRequest } from '../integration/support/judge-gateway.js';
import { writePolicyFile } from '../integration/support/policy-file.js';
import { EXEC_RESPONSES_TOOL, MODEL, startOpenAISdkHarness, type ResponsesRequest } from './openai-sdk-harness.js';

/*
 * End to end with the official OpenAI SDK on the Responses API, streaming, as Codex would meet
 * tool-call-judge: the dangerous `exec_command` call is blocked in the stream with its explanation,
 * and the next request, which resends the whole conversation (the explanation included, `store:
 * false`) with a new user turn, is judged only for its new call and answered validly.
 */

const startHarness = closedAfterEach(async () => {
  const file = await writePolicyFile(`${JSON.stringify({ policy: { name: 'tool-call-judge', config: { judge: { model: 'gpt-4.1-mini' } } } })}\n`);
  return startOpenAISdkHarness({ gateway: { env: { POLICY_CONFIG: file, POLICY_SOURCE: 'file' } } });
});

/** Codex's session header: verdicts are reused within a session. */
const options = { headers: { 'session-id': 'e2e-judge-codex-session' } };

const exec = (cmd: string) => `mock:tool ${toolInputDirective({ cmd })}`;

function request(input: OpenAI.Responses.ResponseInput): ResponsesRequest {
  return { model: MODEL, input, tools: [EXEC_RESPONSES_TOOL], store: false };
}

describe('tool-call-judge with the OpenAI SDK (Responses, streaming)', () => {
  it('blocks a dangerous call in the stream, then serves the next turn, which carries the explanation', async () => {
    const harness = await startHarness();
    const judgeCount = () => harness.gateway.upstream.requests.filter((seen) => judgeRequest(seen) !== undefined).length;

    const firstTurn: OpenAI.Responses.ResponseInputItem = { role: 'user', content: `Reset the repository. ${exec(`git reset --hard && git clean -fdx # ${verdictDirective(0.9, 'discards uncommitted work')}`)}` };
    const stream = harness.client.responses.stream(request([firstTurn]), options);
    const streamed: string[] = [];
    stream.on('response.output_text.delta', (event) => streamed.push(event.delta));
    const blocked = await stream.finalResponse();
    expectValidOutput('openai-responses', { stream: true, text: await harness.lastRawText() });

    expect(blocked.status).toBe('completed');
    expect(blocked.output.filter((item) => item.type === 'function_call')).toEqual([]);
    const explanation = 'The `exec_command` tool call was blocked by the tool-call-judge policy, so it was not run.\nReason: the safety judge rated it likely harmful (0.90 ≥ 0.60): discards uncommitted work.';
    expect(streamed.join('')).toContain(explanation);
    expect(blocked.output_text).toBe(streamed.join(''));
    expect(judgeCount()).toBe(1);

    // As Codex does with `store: false`: the output items go back as input, then the new user turn.
    const secondTurn: OpenAI.Responses.ResponseInputItem = { role: 'user', content: `Then just show the status. ${exec(`git status --short # ${verdictDirective(0.02, 'reads the status')}`)}` };
    const history = [firstTurn, ...(blocked.output as OpenAI.Responses.ResponseInputItem[])];
    const next = await harness.client.responses.stream(request([...history, secondTurn]), options).finalResponse();
    expectValidOutput('openai-responses', { stream: true, text: await harness.lastRawText() });

    expect(next.status).toBe('completed');
    const calls = next.output.flatMap((item) => (item.type === 'function_call' ? [item] : []));
    expect(calls.map((call) => [call.name, JSON.parse(call.arguments) as unknown])).toEqual([['exec_command', { cmd: `git status --short # ${verdictDirective(0.02, 'reads the status')}` }]]);
    expect(judgeCount()).toBe(2);
    const judged = judgeRequest(harness.gateway.upstream.requests.at(-1) ?? { method: '', path: '', headers: {}, body: '' });
    expect(judged?.user).toContain('Assistant: The `exec_command` tool call was blocked by the tool-call-judge policy');
    expect(judged?.user).toContain('"cmd": "git status --short');

    // The same call again in the session: its verdict is reused, no judge request.
    const third = await harness.client.responses
      .stream(request([...history, secondTurn, ...(next.output as OpenAI.Responses.ResponseInputItem[]), { type: 'function_call_output', call_id: calls[0]?.call_id ?? '', output: ' M src/app.ts' }, secondTurn]), options)
      .finalResponse();
    expect(third.output.filter((item) => item.type === 'function_call')).toHaveLength(1);
    expect(judgeCount()).toBe(2);
  });
});
