import type Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { toolInputDirective } from '../../src/mock-upstream/tool-input-directive.js';
import { verdictDirective } from '../../src/mock-upstream/verdict-directive.js';
import { closedAfterEach } from '../helpers/closed-after.js';
import { judgeRequest } from '../integration/support/judge-gateway.js';
import { writePolicyFile } from '../integration/support/policy-file.js';
import { BASH_TOOL, MODEL, startSdkHarness, textOf } from './sdk-harness.js';

/*
 * End to end with the official Anthropic SDK, streaming, as Claude Code would meet tool-call-judge: the
 * agent's model asks for a dangerous command, the judge (the scripted upstream) blocks it, the
 * explanation streams to the client in the call's place, and the agent's next request, which carries
 * that explanation back as assistant text plus a new user turn, is handled like any other. (The test
 * gateway checks every response it sends with the format's validator.)
 */

const SESSION = JSON.stringify({ device_id: 'd'.repeat(64), account_uuid: '', session_id: 'e2e-judge-session' });

const startHarness = closedAfterEach(async () => {
  const file = await writePolicyFile(`${JSON.stringify({ policy: { name: 'tool-call-judge', config: { judge: { model: 'claude-haiku-4-5' } } } })}\n`);
  return startSdkHarness({ env: { POLICY_CONFIG: file, POLICY_SOURCE: 'file' } });
});

/** The agent's model calls Bash with exactly `command`; a verdict directive inside it scripts the judge. */
const bash = (command: string) => `mock:tool ${toolInputDirective({ command })}`;

function request(messages: Anthropic.MessageParam[]): Anthropic.MessageCreateParamsNonStreaming {
  return { model: MODEL, max_tokens: 1024, tools: [BASH_TOOL], metadata: { user_id: SESSION }, messages };
}

describe('tool-call-judge with the Anthropic SDK (streaming)', () => {
  it('blocks a dangerous call in the stream, then serves the next turn, which carries the explanation', async () => {
    const harness = await startHarness();
    const judgeCount = () => harness.gateway.upstream.requests.filter((seen) => judgeRequest(seen) !== undefined).length;

    const firstTurn: Anthropic.MessageParam = { role: 'user', content: `Free up some disk space. ${bash(`rm -rf ~ # ${verdictDirective(0.97, 'deletes the home directory')}`)}` };
    const stream = harness.client.messages.stream(request([firstTurn]));
    const streamed: string[] = [];
    stream.on('text', (delta) => streamed.push(delta));
    const blocked = await stream.finalMessage();

    expect(blocked.content.every((block) => block.type === 'text')).toBe(true);
    expect(blocked.stop_reason).toBe('end_turn');
    const explanation = 'The `Bash` tool call was blocked by the tool-call-judge policy, so it was not run.\nReason: the safety judge rated it likely harmful (0.97 ≥ 0.60): deletes the home directory.';
    expect(streamed.join('')).toContain(explanation);
    expect(textOf(blocked)).toBe(streamed.join(''));
    expect(judgeCount()).toBe(1);

    // The client sends the explanation back as the assistant's turn, with the user's next request.
    const history: Anthropic.MessageParam[] = [firstTurn, { role: 'assistant', content: blocked.content }];
    const secondTurn: Anthropic.MessageParam = { role: 'user', content: `Fine, just show me what is big. ${bash(`du -sh ./* # ${verdictDirective(0.05, 'reads sizes')}`)}` };
    const next = await harness.client.messages.stream(request([...history, secondTurn])).finalMessage();

    expect(next.stop_reason).toBe('tool_use');
    const call = next.content.find((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use');
    expect(call?.input).toEqual({ command: `du -sh ./* # ${verdictDirective(0.05, 'reads sizes')}` });
    // Judged afresh only for the new call; the judge saw the explanation in the conversation.
    expect(judgeCount()).toBe(2);
    const judged = judgeRequest(harness.gateway.upstream.requests.at(-1) ?? { method: '', path: '', headers: {}, body: '' });
    expect(judged?.user).toContain('Assistant: Let me run that.\nAssistant: The `Bash` tool call was blocked by the tool-call-judge policy');
    expect(judged?.user).toContain('<tool_call>\nTool: Bash\nInput:\n{\n  "command": "du -sh ./*');

    // And the tool result going back gets the model's answer, with no judge call: there is no new tool call.
    const result: Anthropic.MessageParam = { role: 'user', content: [{ type: 'tool_result', tool_use_id: call?.id ?? '', content: '4.0K\tREADME.md' }] };
    const answered = await harness.client.messages.stream(request([...history, secondTurn, { role: 'assistant', content: next.content }, result])).finalMessage();
    expect(textOf(answered)).toBe('Tool result received: 4.0K\tREADME.md');
    expect(answered.stop_reason).toBe('end_turn');
    expect(judgeCount()).toBe(2);
  });
});
