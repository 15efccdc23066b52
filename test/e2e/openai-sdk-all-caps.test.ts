import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import type { Policy } from '../../src/core/policy.js';
import { allCapsPolicy } from '../../src/policies/all-caps.js';
import { noopPolicy } from '../../src/policies/noop.js';
import { closedAfterEach } from '../helpers/closed-after.js';
import { expectValidOutput } from '../helpers/validate-output.js';
import { chatAsk, EXEC_CHAT_TOOL, EXEC_RESPONSES_TOOL, responsesAsk, SHELL_ARGUMENTS, startOpenAISdkHarness, type OpenAISdkHarness } from './openai-sdk-harness.js';

// The tool arguments exactly as the scripted upstream writes them: the policy must not touch a byte.
const ARGUMENTS_JSON = JSON.stringify(SHELL_ARGUMENTS);
const THOUGHT = 'Let me think about this step by step.';
const ANSWER_DELTAS = ['Let', ' me', ' run', ' that.'];
const PROMPT = 'mock:thinking mock:tool';

const startHarness = closedAfterEach(startOpenAISdkHarness);

function start(policy: Policy): Promise<OpenAISdkHarness> {
  return startHarness({ gateway: { policy } });
}

/** `reasoning_content` is not an OpenAI field (DeepSeek and vLLM send it), so the SDK's types lack it. */
function reasoningOf(value: object | undefined): string | undefined {
  const reasoning = (value as { reasoning_content?: unknown } | undefined)?.reasoning_content;
  return typeof reasoning === 'string' ? reasoning : undefined;
}

function functionCallOf(output: OpenAI.Responses.ResponseOutputItem[]): OpenAI.Responses.ResponseFunctionToolCall | undefined {
  return output.find((item): item is OpenAI.Responses.ResponseFunctionToolCall => item.type === 'function_call');
}

function reasoningSummaryOf(output: OpenAI.Responses.ResponseOutputItem[]): string[] {
  return output.flatMap((item) => (item.type === 'reasoning' ? item.summary.map((part) => part.text) : []));
}

describe.each([
  { name: 'noop', policy: noopPolicy.create({}), shown: (text: string) => text },
  { name: 'all-caps', policy: allCapsPolicy.create({}), shown: (text: string) => text.toUpperCase() },
])('the $name policy seen through the OpenAI SDK', ({ policy, shown }) => {
  it('chat, non-streaming: shows the text as the policy wrote it; reasoning and tool arguments untouched', async () => {
    const target = await start(policy);
    const completion = await target.client.chat.completions.create(chatAsk(PROMPT, { tools: [EXEC_CHAT_TOOL] }));

    const message = completion.choices[0]?.message;
    expect(message?.content).toBe(shown('Let me run that.'));
    expect(reasoningOf(message)).toBe(THOUGHT);
    const call = message?.tool_calls?.[0];
    expect(call?.type === 'function' ? call.function.arguments : undefined).toBe(ARGUMENTS_JSON);
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expectValidOutput('openai-chat', { stream: false, body: JSON.parse(await target.lastRawText()) });
  });

  it('chat, streaming: every text delta as the policy wrote it; reasoning and tool arguments untouched', async () => {
    const target = await start(policy);
    const stream = await target.client.chat.completions.create({ ...chatAsk(PROMPT, { tools: [EXEC_CHAT_TOOL] }), stream: true });
    const chunks: OpenAI.Chat.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);

    const deltas = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').filter((text) => text !== '');
    expect(deltas).toEqual(ANSWER_DELTAS.map(shown));
    expect(chunks.map((chunk) => reasoningOf(chunk.choices[0]?.delta) ?? '').join('')).toBe(THOUGHT);
    const argumentText = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []).map((call) => call.function?.arguments ?? '');
    expect(argumentText.join('')).toBe(ARGUMENTS_JSON);
    expectValidOutput('openai-chat', { stream: true, text: await target.lastRawText() });

    // The streaming helper folds the same deltas into the same answer.
    const final = await target.client.chat.completions.stream(chatAsk(PROMPT, { tools: [EXEC_CHAT_TOOL] })).finalChatCompletion();
    expect(final.choices[0]?.message.content).toBe(shown('Let me run that.'));
    const call = final.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === 'function' ? call.function.arguments : undefined).toBe(ARGUMENTS_JSON);
  });

  it('responses, non-streaming: output_text as the policy wrote it; reasoning and tool arguments untouched', async () => {
    const target = await start(policy);
    const response = await target.client.responses.create(responsesAsk(PROMPT, { tools: [EXEC_RESPONSES_TOOL] }));

    expect(response.output_text).toBe(shown('Let me run that.'));
    expect(reasoningSummaryOf(response.output)).toEqual([THOUGHT]);
    expect(functionCallOf(response.output)?.arguments).toBe(ARGUMENTS_JSON);
    expectValidOutput('openai-responses', { stream: false, body: JSON.parse(await target.lastRawText()) });
  });

  it('responses, streaming: deltas, done events and the final response agree; reasoning and tool arguments untouched', async () => {
    const target = await start(policy);
    const stream = target.client.responses.stream(responsesAsk(PROMPT, { tools: [EXEC_RESPONSES_TOOL] }));
    const deltas: string[] = [];
    const doneTexts: string[] = [];
    const summaryDeltas: string[] = [];
    stream.on('response.output_text.delta', (event) => deltas.push(event.delta));
    stream.on('response.output_text.done', (event) => doneTexts.push(event.text));
    stream.on('response.reasoning_summary_text.delta', (event) => summaryDeltas.push(event.delta));
    const final = await stream.finalResponse();

    expect(deltas).toEqual(ANSWER_DELTAS.map(shown));
    expect(doneTexts).toEqual([shown('Let me run that.')]);
    expect(final.output_text).toBe(shown('Let me run that.'));
    expect(summaryDeltas.join('')).toBe(THOUGHT);
    expect(reasoningSummaryOf(final.output)).toEqual([THOUGHT]);
    expect(functionCallOf(final.output)?.arguments).toBe(ARGUMENTS_JSON);
    expectValidOutput('openai-responses', { stream: true, text: await target.lastRawText() });
  });
});
