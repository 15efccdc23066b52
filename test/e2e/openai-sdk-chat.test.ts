import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { startBeforeEach } from '../helpers/closed-after.js';
import { expectValidOutput } from '../helpers/validate-output.js';
import { chatAsk, EXEC_CHAT_TOOL, lastUpstreamBody, MODEL, SHELL_ARGUMENTS, startOpenAISdkHarness, words, type OpenAISdkHarness } from './openai-sdk-harness.js';

let harness: OpenAISdkHarness;
startBeforeEach(startOpenAISdkHarness, (started) => {
  harness = started;
});

/** A tool call as it stands once every streamed delta for its index has been applied. */
interface AssembledToolCall {
  id: string;
  type: string;
  name: string;
  arguments: string;
}

/** Applies streamed tool-call deltas the way a client without the SDK's helper has to. */
function assembleToolCalls(chunks: OpenAI.Chat.ChatCompletionChunk[]): AssembledToolCall[] {
  const calls: AssembledToolCall[] = [];
  for (const chunk of chunks) {
    for (const delta of chunk.choices[0]?.delta.tool_calls ?? []) {
      const call = (calls[delta.index] ??= { id: '', type: '', name: '', arguments: '' });
      call.id += delta.id ?? '';
      call.type = delta.type ?? call.type;
      call.name += delta.function?.name ?? '';
      call.arguments += delta.function?.arguments ?? '';
    }
  }
  return calls;
}

/** `reasoning_content` is not an OpenAI field (DeepSeek and vLLM send it), so the SDK's types lack it. */
function reasoningOf(value: object): string | undefined {
  const reasoning = (value as { reasoning_content?: unknown }).reasoning_content;
  return typeof reasoning === 'string' ? reasoning : undefined;
}

describe('Chat Completions through Luthien with the official OpenAI SDK', () => {
  it('completes a function-call round trip, non-streaming', async () => {
    const first = await harness.client.chat.completions.create(chatAsk('mock:tool list the files', { tools: [EXEC_CHAT_TOOL] }));

    expect(first.object).toBe('chat.completion');
    expect(first.model).toBe(MODEL);
    const choice = first.choices[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    expect(choice?.message.content).toBe('Let me run that.');
    const call = choice?.message.tool_calls?.[0];
    expect(call?.type).toBe('function');
    if (choice === undefined || call?.type !== 'function') return;
    expect(call.function.name).toBe('exec_command');
    expect(JSON.parse(call.function.arguments)).toEqual(SHELL_ARGUMENTS);
    expectValidOutput('openai-chat', { stream: false, body: JSON.parse(await harness.lastRawText()) });

    const second = await harness.client.chat.completions.create({
      model: MODEL,
      tools: [EXEC_CHAT_TOOL],
      messages: [
        { role: 'user', content: 'mock:tool list the files' },
        choice.message,
        { role: 'tool', tool_call_id: call.id, content: 'tool-output-42' },
      ],
    });

    expect(second.choices[0]?.finish_reason).toBe('stop');
    expect(second.choices[0]?.message.content).toBe('Tool result received: tool-output-42');
    expect(second.choices[0]?.message.tool_calls ?? []).toEqual([]);
    // The assistant turn went back upstream with the call's id and arguments as the model wrote them.
    const sent = lastUpstreamBody(harness.gateway) as { messages: Record<string, unknown>[] };
    expect(sent.messages[1]?.tool_calls).toEqual([{ id: call.id, type: 'function', function: { name: 'exec_command', arguments: call.function.arguments } }]);
    expect(sent.messages[2]).toEqual({ role: 'tool', tool_call_id: call.id, content: 'tool-output-42' });
  });

  it('streams text, tool-call deltas and a final usage chunk', async () => {
    const stream = await harness.client.chat.completions.create({
      ...chatAsk('mock:tool', { tools: [EXEC_CHAT_TOOL] }),
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: OpenAI.Chat.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);

    expect(chunks.length).toBeGreaterThan(3);
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe('Let me run that.');
    const calls = assembleToolCalls(chunks);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ id: expect.stringMatching(/^call_/) as unknown, type: 'function', name: 'exec_command' });
    expect(JSON.parse(calls[0]?.arguments ?? '')).toEqual(SHELL_ARGUMENTS);
    expect(chunks.map((chunk) => chunk.choices[0]?.finish_reason).filter((reason) => reason != null)).toEqual(['tool_calls']);

    // The usage chunk comes last, with no choices; no chunk before it carries usage.
    const usageChunk = chunks.at(-1);
    expect(usageChunk?.choices).toEqual([]);
    const usage = usageChunk?.usage;
    expect(usage?.prompt_tokens).toBeGreaterThan(0);
    expect(usage?.completion_tokens).toBeGreaterThan(0);
    expect(usage?.total_tokens).toBe((usage?.prompt_tokens ?? 0) + (usage?.completion_tokens ?? 0));
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage == null)).toBe(true);
    expectValidOutput('openai-chat', { stream: true, text: await harness.lastRawText() });
  });

  it('assembles the final completion with the chat.completions.stream() helper', async () => {
    const stream = harness.client.chat.completions.stream({ ...chatAsk('mock:text:6'), stream_options: { include_usage: true } });
    const deltas: string[] = [];
    stream.on('content', (delta) => deltas.push(delta));
    const final = await stream.finalChatCompletion();

    expect(deltas.join('')).toBe(words(6));
    expect(deltas).toHaveLength(6);
    expect(final.choices).toHaveLength(1);
    expect(final.choices[0]?.message.content).toBe(words(6));
    expect(final.choices[0]?.finish_reason).toBe('stop');
    expect(final.usage?.completion_tokens).toBe(6);
    expectValidOutput('openai-chat', { stream: true, text: await harness.lastRawText() });
  });

  it('assembles a streamed tool call with the helper', async () => {
    const final = await harness.client.chat.completions.stream({ ...chatAsk('mock:tools:2', { tools: [EXEC_CHAT_TOOL] }) }).finalChatCompletion();

    const message = final.choices[0]?.message;
    expect(message?.content).toBe('Let me run that.');
    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
    const calls = message?.tool_calls ?? [];
    expect(calls).toHaveLength(2);
    for (const call of calls) {
      expect(call.function.name).toBe('exec_command');
      expect(JSON.parse(call.function.arguments)).toEqual(SHELL_ARGUMENTS);
    }
    expect(new Set(calls.map((call) => call.id)).size).toBe(2);
  });

  it('returns two choices for mock:n:2, non-streaming and streaming', async () => {
    const plain = await harness.client.chat.completions.create(chatAsk('mock:n:2 mock:text:3'));
    expectValidOutput('openai-chat', { stream: false, body: JSON.parse(await harness.lastRawText()) });
    const streamed = await harness.client.chat.completions.stream(chatAsk('mock:n:2 mock:text:3')).finalChatCompletion();
    expectValidOutput('openai-chat', { stream: true, text: await harness.lastRawText() });

    for (const completion of [plain, streamed]) {
      expect(completion.choices.map((choice) => choice.index)).toEqual([0, 1]);
      expect(completion.choices.map((choice) => choice.message.content)).toEqual([words(3), words(3)]);
      expect(completion.choices.map((choice) => choice.finish_reason)).toEqual(['stop', 'stop']);
    }
  });

  it('keeps reasoning_content, streaming and not', async () => {
    const thought = 'Let me think about this step by step.';
    const stream = await harness.client.chat.completions.create({ ...chatAsk('mock:thinking mock:text:2'), stream: true });
    const chunks: OpenAI.Chat.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expectValidOutput('openai-chat', { stream: true, text: await harness.lastRawText() });
    const plain = await harness.client.chat.completions.create(chatAsk('mock:thinking mock:text:2'));

    const reasoningDeltas = chunks.map((chunk) => (chunk.choices[0] === undefined ? undefined : reasoningOf(chunk.choices[0].delta))).filter((delta) => delta !== undefined);
    expect(reasoningDeltas.length).toBeGreaterThan(1);
    expect(reasoningDeltas.join('')).toBe(thought);
    // Reasoning comes before the answer, as the model thought it.
    const firstText = chunks.findIndex((chunk) => (chunk.choices[0]?.delta.content ?? '') !== '');
    const lastReasoning = chunks.findLastIndex((chunk) => chunk.choices[0] !== undefined && reasoningOf(chunk.choices[0].delta) !== undefined);
    expect(lastReasoning).toBeLessThan(firstText);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe(words(2));

    const message = plain.choices[0]?.message;
    expect(message === undefined ? undefined : reasoningOf(message)).toBe(thought);
    expect(message?.content).toBe(words(2));
  });
});
