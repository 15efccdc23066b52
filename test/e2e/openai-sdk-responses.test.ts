import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { startBeforeEach } from '../helpers/closed-after.js';
import { expectValidOutput } from '../helpers/validate-output.js';
import { EXEC_RESPONSES_TOOL, lastUpstreamBody, MODEL, responsesAsk, SHELL_ARGUMENTS, startOpenAISdkHarness, words, type OpenAISdkHarness } from './openai-sdk-harness.js';

type OutputItem = OpenAI.Responses.ResponseOutputItem;

let harness: OpenAISdkHarness;
startBeforeEach(startOpenAISdkHarness, (started) => {
  harness = started;
});

const APPLY_PATCH_INPUT = '*** Begin Patch\n*** Add File: mock-upstream.txt\n+tool-output-42\n*** End Patch\n';
const APPLY_PATCH_TOOL: OpenAI.Responses.CustomTool = { type: 'custom', name: 'apply_patch', description: 'Apply a patch' };

function itemOfType<T extends OutputItem['type']>(output: OutputItem[], type: T): Extract<OutputItem, { type: T }> | undefined {
  return output.find((item): item is Extract<OutputItem, { type: T }> => item.type === type);
}

async function expectValidRawBody(): Promise<void> {
  expectValidOutput('openai-responses', { stream: false, body: JSON.parse(await harness.lastRawText()) });
}

async function expectValidRawStream(): Promise<void> {
  expectValidOutput('openai-responses', { stream: true, text: await harness.lastRawText() });
}

describe('the Responses API through Luthien with the official OpenAI SDK', () => {
  it('gets a non-streaming text answer', async () => {
    const response = await harness.client.responses.create(responsesAsk('mock:text:4'));

    expect(response.object).toBe('response');
    expect(response.status).toBe('completed');
    expect(response.model).toBe(MODEL);
    expect(response.output_text).toBe(words(4));
    expect(response.usage?.output_tokens).toBe(4);
    await expectValidRawBody();
    // The SDK's bearer key reached the upstream.
    expect(harness.gateway.upstream.requests.at(-1)?.headers.authorization).toBe('Bearer test-key');
  });

  it('completes a function-call round trip sending the whole conversation back, as Codex does', async () => {
    const userTurn: OpenAI.Responses.ResponseInputItem = { role: 'user', content: 'mock:tool list the files' };
    const first = await harness.client.responses.create(responsesAsk('', { input: [userTurn], tools: [EXEC_RESPONSES_TOOL] }));

    expect(first.output.map((item) => item.type)).toEqual(['message', 'function_call']);
    expect(first.output_text).toBe('Let me run that.');
    const call = itemOfType(first.output, 'function_call');
    expect(call?.name).toBe('exec_command');
    expect(JSON.parse(call?.arguments ?? '')).toEqual(SHELL_ARGUMENTS);
    await expectValidRawBody();
    if (call === undefined) return;

    const second = await harness.client.responses.create(
      responsesAsk('', {
        tools: [EXEC_RESPONSES_TOOL],
        input: [userTurn, call, { type: 'function_call_output', call_id: call.call_id, output: 'tool-output-42' }],
      }),
    );

    expect(second.status).toBe('completed');
    expect(second.output_text).toBe('Tool result received: tool-output-42');
    expect(second.output.map((item) => item.type)).toEqual(['message']);
    await expectValidRawBody();
    const sent = lastUpstreamBody(harness.gateway);
    expect(sent.previous_response_id).toBeUndefined();
    expect(sent.store).toBe(false);
    expect(sent.input).toEqual([userTurn, call, { type: 'function_call_output', call_id: call.call_id, output: 'tool-output-42' }]);
  });

  it('streams events in order, ending with response.completed and its usage', async () => {
    const stream = await harness.client.responses.create({ ...responsesAsk('mock:text:3'), stream: true });
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);

    expect(events.map((event) => event.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    const deltas = events.flatMap((event) => (event.type === 'response.output_text.delta' ? [event.delta] : []));
    expect(deltas.join('')).toBe(words(3));
    const completed = events.at(-1);
    expect(completed?.type).toBe('response.completed');
    if (completed?.type !== 'response.completed') return;
    expect(completed.response.status).toBe('completed');
    expect(completed.response.usage?.input_tokens).toBeGreaterThan(0);
    expect(completed.response.usage?.output_tokens).toBe(3);
    expect(completed.response.usage?.total_tokens).toBe((completed.response.usage?.input_tokens ?? 0) + 3);
    await expectValidRawStream();
  });

  it('assembles the final response with the responses.stream() helper, tool call included', async () => {
    const stream = harness.client.responses.stream(responsesAsk('mock:tool', { tools: [EXEC_RESPONSES_TOOL] }));
    const deltas: string[] = [];
    const argumentDeltas: string[] = [];
    stream.on('response.output_text.delta', (event) => deltas.push(event.delta));
    stream.on('response.function_call_arguments.delta', (event) => argumentDeltas.push(event.delta));
    const final = await stream.finalResponse();

    expect(deltas.join('')).toBe('Let me run that.');
    expect(final.status).toBe('completed');
    expect(final.output_text).toBe('Let me run that.');
    const call = itemOfType(final.output, 'function_call');
    expect(call?.name).toBe('exec_command');
    expect(argumentDeltas.join('')).toBe(call?.arguments);
    expect(JSON.parse(call?.arguments ?? '')).toEqual(SHELL_ARGUMENTS);
    expect(final.usage?.output_tokens).toBeGreaterThan(0);
    await expectValidRawStream();
  });

  it('carries a custom tool call (apply_patch) and its output, streaming and not', async () => {
    const plain = await harness.client.responses.create(responsesAsk('mock:custom-tool', { tools: [APPLY_PATCH_TOOL] }));
    await expectValidRawBody();
    const streamed = await harness.client.responses.stream(responsesAsk('mock:custom-tool', { tools: [APPLY_PATCH_TOOL] })).finalResponse();
    await expectValidRawStream();

    for (const response of [plain, streamed]) {
      const call = itemOfType(response.output, 'custom_tool_call');
      expect(call?.name).toBe('apply_patch');
      expect(call?.input).toBe(APPLY_PATCH_INPUT);
    }
    const call = itemOfType(plain.output, 'custom_tool_call');
    if (call === undefined) return;

    const answer = await harness.client.responses.create(
      responsesAsk('', {
        tools: [APPLY_PATCH_TOOL],
        input: [
          { role: 'user', content: 'mock:custom-tool' },
          call,
          { type: 'custom_tool_call_output', call_id: call.call_id, output: 'Done: added mock-upstream.txt' },
        ],
      }),
    );

    expect(answer.output_text).toBe('Tool result received: Done: added mock-upstream.txt');
    const sent = lastUpstreamBody(harness.gateway) as { input: unknown[] };
    expect(sent.input[1]).toEqual(call);
  });

  it('returns encrypted reasoning when asked, and takes it back on the next turn', async () => {
    const include: OpenAI.Responses.ResponseIncludable[] = ['reasoning.encrypted_content'];
    const userTurn: OpenAI.Responses.ResponseInputItem = { role: 'user', content: 'mock:thinking mock:tool' };
    const stream = harness.client.responses.stream(responsesAsk('', { input: [userTurn], include, tools: [EXEC_RESPONSES_TOOL] }));
    const summaryDeltas: string[] = [];
    stream.on('response.reasoning_summary_text.delta', (event) => summaryDeltas.push(event.delta));
    const first = await stream.finalResponse();
    await expectValidRawStream();

    expect(first.output.map((item) => item.type)).toEqual(['reasoning', 'message', 'function_call']);
    const reasoning = itemOfType(first.output, 'reasoning');
    const call = itemOfType(first.output, 'function_call');
    expect(reasoning?.encrypted_content).toMatch(/^gAAAA/);
    expect(reasoning?.summary).toEqual([{ type: 'summary_text', text: 'Let me think about this step by step.' }]);
    expect(summaryDeltas.join('')).toBe('Let me think about this step by step.');
    if (reasoning === undefined || call === undefined) return;

    // Without include, the reasoning item comes without its encrypted content.
    const plain = await harness.client.responses.create(responsesAsk('mock:thinking'));
    expect(itemOfType(plain.output, 'reasoning')?.encrypted_content ?? undefined).toBeUndefined();

    const second = await harness.client.responses.create(
      responsesAsk('', {
        include,
        tools: [EXEC_RESPONSES_TOOL],
        input: [userTurn, reasoning, call, { type: 'function_call_output', call_id: call.call_id, output: 'tool-output-42' }],
      }),
    );

    expect(second.output_text).toBe('Tool result received: tool-output-42');
    await expectValidRawBody();
    // The reasoning item, encrypted content and all, went back upstream exactly as it came.
    const sent = lastUpstreamBody(harness.gateway) as { input: unknown[] };
    expect(sent.input[1]).toEqual(reasoning);
    expect(sent.input[2]).toEqual(call);
  });
});
