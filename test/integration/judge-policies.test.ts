import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import type { WireFormat } from '../../src/core/wire-format.js';
import { startMockUpstream } from '../../src/mock-upstream/mock-upstream.js';
import { verdictDirective } from '../../src/mock-upstream/verdict-directive.js';
import { formatInterventionMessage } from '../../src/policy/format-intervention-message.js';
import { closedAfterEach } from '../helpers/closed-after.js';
import { startJudgeGateway, type PolicyEntry } from './support/judge-gateway.js';
import { clientReply, streamSoFar } from './support/judge-reply.js';
import { agentRequest, postAgentTurn, SHELL_TOOL, shellCall, type AgentTurn } from './support/judge-requests.js';
import { waitFor } from './support/wait-for.js';
import { startJudgeServer } from './support/judge-server.js';

/*
 * tool-call-judge through a real gateway, with the scripted upstream as both the agent's model and the
 * judge (the judge's verdict is scripted inside the tool input it quotes): on every format, streaming
 * and not, with Claude Code's and Codex's request shapes. Every response is checked by its format's
 * validator, here and by the test gateway.
 */

const formats: readonly WireFormat[] = ['anthropic', 'openai-chat', 'openai-responses'];
const matrix = formats.flatMap((format) => [true, false].map((stream) => ({ format, stream })));

/** The stop a client sees once no tool call is left: Responses has no stop reason, only `completed` and no call. */
const plainStop: Readonly<Record<WireFormat, string>> = { anthropic: 'end_turn', 'openai-chat': 'stop', 'openai-responses': 'completed' };

const JUDGE = { model: 'judge-model', retry_delay_ms: 1 };
const toolCallJudge = (config: Record<string, unknown> = {}): PolicyEntry => ({ name: 'tool-call-judge', config: { judge: JUDGE, ...config } });

const startGateway = closedAfterEach(startJudgeGateway);
const startTwin = closedAfterEach(() => startMockUpstream({ port: 0 }));
const startJudge = closedAfterEach(startJudgeServer);

/** What the agent's model answers when asked directly: a fresh scripted upstream sees the same first request. */
async function direct(format: WireFormat, turn: AgentTurn) {
  const twin = await startTwin();
  const answer = await postAgentTurn(twin.url, format, turn);
  return { answer, reply: clientReply(format, answer, turn.stream) };
}

/** A chunk without its null-valued fields, at any depth. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).flatMap(([key, inner]) => (inner === null ? [] : [[key, withoutNulls(inner)]])));
}

/** The explanation that takes a blocked call's place, as the shared formatter writes it. */
function blockedText(tool: string, reason: string): string {
  return formatInterventionMessage('blocked_tool_call', { policy: 'tool-call-judge', tool, reason });
}

describe.each(matrix)('tool-call-judge on $format (stream: $stream)', ({ format, stream }) => {
  const tool = SHELL_TOOL[format];

  it('blocks a call rated at or above the threshold: the explanation where the call was, a plain stop, the text before it intact', async () => {
    const gateway = await startGateway(toolCallJudge());
    const turn = { prompt: `Free some disk space. ${shellCall(format, `rm -rf ~ # ${verdictDirective(0.95, 'deletes the home directory')}`)}`, stream };
    const answer = await postAgentTurn(gateway.url, format, turn);
    expect(answer.status).toBe(200);
    const reply = clientReply(format, answer, stream);
    const model = await direct(format, turn);
    expect(model.reply.calls).toHaveLength(1);
    expect(model.reply.text).not.toBe('');

    expect(reply.calls).toEqual([]);
    expect(reply.text).toBe(model.reply.text + blockedText(tool, 'the safety judge rated it likely harmful (0.95 ≥ 0.60): deletes the home directory'));
    expect(reply.stop).toBe(plainStop[format]);

    // The judge was asked once, about the decoded call, billed to the client's own key.
    const [judged, ...more] = gateway.judgeRequests();
    expect(more).toEqual([]);
    expect(judged?.user).toContain(`<tool_call>\nTool: ${tool}\nInput:\n{\n`);
    expect(judged?.user).toContain('"rm -rf ~ # mock:verdict:0.95:deletes_the_home_directory"');
    expect(judged?.path).toBe(format === 'anthropic' ? '/v1/messages' : '/v1/chat/completions');
  });

  it('lets a call rated below the threshold through byte for byte', async () => {
    const gateway = await startGateway(toolCallJudge());
    const turn = { prompt: `Show the disk usage. ${shellCall(format, `du -sh . # ${verdictDirective(0.05, 'reads sizes')}`)}`, stream };
    const answer = await postAgentTurn(gateway.url, format, turn);
    const model = await direct(format, turn);
    expect(answer.status).toBe(200);
    expect(clientReply(format, answer, stream).calls).toEqual([{ name: tool, input: expect.stringContaining('du -sh .') as unknown }]);
    expect(gateway.judgeRequests()).toHaveLength(1);
    if (format !== 'openai-chat' || !stream) {
      expect(answer.text).toBe(model.answer.text);
      return;
    }
    // Chat streaming: the chunk that starts the call also ends the text block, and the runtime sends the
    // text's end before the held call, so that one chunk is written anew (some of its null fields left
    // out). Every other byte is the model's.
    const sent = answer.text.split('\n');
    const original = model.answer.text.split('\n');
    const changed = sent.flatMap((line, i) => (line === original[i] ? [] : [[line, original[i] ?? '']]));
    expect(sent).toHaveLength(original.length);
    expect(changed).toHaveLength(1);
    const [[rewritten = '', modelLine = ''] = []] = changed;
    expect(withoutNulls(JSON.parse(rewritten.slice('data: '.length)))).toEqual(withoutNulls(JSON.parse(modelLine.slice('data: '.length))));
    expect(rewritten).toContain('"tool_calls":[{');
  });

  it('records the judge call (prompt, verdict, latency, tokens) and the block, and shows both in the activity feed', async () => {
    const gateway = await startGateway(toolCallJudge());
    const answer = await postAgentTurn(gateway.url, format, { prompt: shellCall(format, `git push --force origin main # ${verdictDirective(0.8, 'rewrites shared history')}`), stream });
    const record = await gateway.recordOf(answer);
    const [judged] = gateway.judgeRequests();
    expect(record.policyEvents).toEqual([
      expect.objectContaining({
        policy: 'tool-call-judge',
        type: 'judge.verdict',
        data: {
          model: 'judge-model',
          endpoint: format === 'anthropic' ? 'anthropic' : 'openai',
          prompt: { system: judged?.system, user: judged?.user },
          verdict: { probability: 0.8, explanation: 'rewrites shared history' },
          latencyMs: expect.any(Number) as unknown,
          attempts: 1,
          inputTokens: expect.any(Number) as unknown,
          outputTokens: expect.any(Number) as unknown,
        },
      }),
      expect.objectContaining({ policy: 'tool-call-judge', type: 'policy.blocked', data: expect.objectContaining({ hook: 'onToolCall', tool }) as unknown }),
    ]);
    const decisions = await gateway.decisionsOf(answer);
    expect(decisions.map((event) => [event.decision, event.summary])).toEqual([
      ['judge.verdict', expect.stringMatching(/^judge judge-model: 0\.80 in \d+ ms \(1 attempt, \d+ in \/ \d+ out tokens\)$/)],
      ['policy.blocked', 'the safety judge rated it likely harmful (0.80 ≥ 0.60): rewrites shared history'],
    ]);
  });
});

describe('Codex apply_patch (a custom tool on Responses)', () => {
  it.each([true, false])('the judge reads the patch as written, and a harmful one is blocked (stream: %s)', async (stream) => {
    // Blocks only when the case quotes the patch as the model wrote it: raw lines, not a JSON string.
    const judge = await startJudge({
      decide: (user) => (user.includes('<tool_call>\nTool: apply_patch\nInput:\n*** Begin Patch\n*** Add File: mock-upstream.txt\n') ? { probability: 0.9, explanation: 'writes outside the task' } : { probability: 0, explanation: 'the patch was not quoted as written' }),
    });
    const gateway = await startGateway(toolCallJudge({ judge: { ...JUDGE, base_url: `${judge.url}/v1`, api: 'openai', credential: 'none' } }));
    const answer = await postAgentTurn(gateway.url, 'openai-responses', { prompt: 'Add the file. mock:custom-tool', stream });
    const reply = clientReply('openai-responses', answer, stream);
    expect(judge.requests).toHaveLength(1);
    expect(reply.calls).toEqual([]);
    expect(reply.text).toContain(blockedText('apply_patch', 'the safety judge rated it likely harmful (0.90 ≥ 0.60): writes outside the task'));
    expect(reply.stop).toBe('completed');
  });

  it('a harmless patch passes unchanged', async () => {
    const judge = await startJudge({ decide: () => ({ probability: 0.1, explanation: 'adds a file' }) });
    const gateway = await startGateway(toolCallJudge({ judge: { ...JUDGE, base_url: `${judge.url}/v1`, api: 'openai', credential: 'none' } }));
    const turn = { prompt: 'Add the file. mock:custom-tool', stream: true };
    const answer = await postAgentTurn(gateway.url, 'openai-responses', turn);
    expect(clientReply('openai-responses', answer, true).calls).toEqual([{ name: 'apply_patch', input: '*** Begin Patch\n*** Add File: mock-upstream.txt\n+tool-output-42\n*** End Patch\n' }]);
    expect(answer.text).toBe((await direct('openai-responses', turn)).answer.text);
  });
});

describe.each(formats)('the text before a tool call is not held for the judge (%s)', (format) => {
  it('reaches the client while the judge has not answered yet, even when one read brought the whole answer', async () => {
    // The judge answers only when the test says so; the scripted model writes its whole answer at once.
    const judge = await startJudge({ holdUntilReleased: true, decide: () => ({ probability: 0.1, explanation: 'lists files' }) });
    const api = format === 'anthropic' ? 'anthropic' : 'openai';
    const gateway = await startGateway(toolCallJudge({ judge: { ...JUDGE, base_url: api === 'anthropic' ? judge.url : `${judge.url}/v1`, api, credential: 'none' } }));
    const sent = agentRequest(format, { prompt: shellCall(format, 'ls'), stream: true });
    const response = await request(gateway.url + sent.path, { method: 'POST', headers: sent.headers, body: sent.body });
    let received = '';
    response.body.setEncoding('utf8');
    response.body.on('data', (chunk: string) => (received += chunk));
    const ended = new Promise((resolve) => response.body.on('end', resolve));

    const soFar = await waitFor(() => {
      const seen = streamSoFar(format, received);
      return seen.text === 'Let me run that.' ? seen : undefined;
    }, 5_000, 'the text before the tool call');
    expect(soFar.toolCallStarted).toBe(false);
    expect(judge.requests).toHaveLength(1);

    judge.release();
    await ended;
    expect(streamSoFar(format, received).toolCallStarted).toBe(true);
    expect(clientReply(format, { status: response.statusCode, headers: response.headers, body: Buffer.from(received), text: received }, true).calls.map((call) => call.name)).toEqual([SHELL_TOOL[format]]);
  });
});
