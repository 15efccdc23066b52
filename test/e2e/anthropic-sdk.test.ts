import type Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { MOCK_MODELS } from '../../src/mock-upstream/mock-models.js';
import { startBeforeEach } from '../helpers/closed-after.js';
import { ask, BASH_TOOL, MODEL, startSdkHarness, textOf, upstreamSignature, type SdkHarness } from './sdk-harness.js';

let harness: SdkHarness;
startBeforeEach(startSdkHarness, (started) => {
  harness = started;
});

describe('the official Anthropic SDK through Luthien', () => {
  it('gets a non-streaming text answer', async () => {
    const message = await harness.client.messages.create(ask('hello'));

    expect(message.type).toBe('message');
    expect(message.role).toBe('assistant');
    expect(message.model).toBe(MODEL);
    expect(message.stop_reason).toBe('end_turn');
    expect(textOf(message)).toBe('Hello from the scripted upstream.');
    // The SDK's own headers reach the upstream: its bearer key and its API version.
    const forwarded = harness.gateway.upstream.requests.at(-1);
    expect(forwarded?.headers.authorization).toBe('Bearer test-key');
    expect(forwarded?.headers['anthropic-version']).toBe('2026-10-21');
  });

  it('streams text deltas that add up to the final message', async () => {
    const stream = harness.client.messages.stream(ask('mock:text:12'));
    const deltas: string[] = [];
    const eventTypes = new Set<string>();
    for await (const event of stream) {
      eventTypes.add(event.type);
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') deltas.push(event.delta.text);
    }
    const final = await stream.finalMessage();

    const expected = Array.from({ length: 12 }, (_, i) => `word${i + 1}`).join(' ');
    expect(deltas).toHaveLength(12);
    expect(deltas.join('')).toBe(expected);
    expect(textOf(final)).toBe(expected);
    expect(final.stop_reason).toBe('end_turn');
    expect([...eventTypes]).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
  });

  it('resolves finalMessage() without iterating the events', async () => {
    const final = await harness.client.messages.stream(ask('mock:text:3')).finalMessage();

    expect(textOf(final)).toBe('word1 word2 word3');
    expect(final.usage.output_tokens).toBe(3);
  });

  it('carries a thinking signature byte for byte, streaming and not', async () => {
    const expected = await upstreamSignature(harness.gateway.upstream.url);
    expect(expected.length).toBeGreaterThan(40);

    const streamed = await harness.client.messages.stream(ask('mock:thinking')).finalMessage();
    const plain = await harness.client.messages.create(ask('mock:thinking'));

    for (const message of [streamed, plain]) {
      expect(message.content[0]).toEqual({ type: 'thinking', thinking: 'Let me think about this step by step.', signature: expected });
    }
  });

  it('completes a tool-use round trip', async () => {
    const first = await harness.client.messages.create(ask('mock:tool list the files', { tools: [BASH_TOOL] }));

    expect(first.stop_reason).toBe('tool_use');
    const call = first.content.find((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use');
    expect(call?.name).toBe('Bash');
    expect(call?.input).toEqual({ command: 'echo tool-output-42', description: 'Print a marker' });
    if (call === undefined) return;

    const second = await harness.client.messages.create({
      model: MODEL,
      max_tokens: 1024,
      tools: [BASH_TOOL],
      messages: [
        { role: 'user', content: 'mock:tool list the files' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'tool-output-42' }] },
      ],
    });

    expect(second.stop_reason).toBe('end_turn');
    expect(textOf(second)).toBe('Tool result received: tool-output-42');
    // The assistant turn went back upstream with the tool call's id and input unchanged.
    const sent = JSON.parse(harness.gateway.upstream.requests.at(-1)?.body ?? '{}') as { messages: { content: unknown }[] };
    expect(sent.messages[1]?.content).toContainEqual({ type: 'tool_use', id: call.id, name: 'Bash', input: call.input });
  });

  it('streams a tool call whose input is parsed by the SDK', async () => {
    const final = await harness.client.messages.stream(ask('mock:tool', { tools: [BASH_TOOL] })).finalMessage();

    expect(final.stop_reason).toBe('tool_use');
    expect(final.content.map((block) => block.type)).toEqual(['text', 'tool_use']);
    const call = final.content[1];
    expect(call?.type === 'tool_use' ? call.input : undefined).toEqual({ command: 'echo tool-output-42', description: 'Print a marker' });
  });

  it('counts tokens', async () => {
    const counted = await harness.client.messages.countTokens({ model: MODEL, messages: [{ role: 'user', content: 'count these words' }] });

    // The scripted upstream counts a quarter token per body byte; the body it received decides the answer.
    const forwarded = harness.gateway.upstream.requests.at(-1);
    expect(forwarded?.path).toBe('/v1/messages/count_tokens');
    expect(counted.input_tokens).toBe(Math.ceil(Buffer.byteLength(forwarded?.body ?? '') / 4));
    expect(counted.input_tokens).toBeGreaterThan(0);
  });

  it('lists models', async () => {
    const ids: string[] = [];
    for await (const model of harness.client.models.list()) ids.push(model.id);

    expect(ids).toEqual(MOCK_MODELS.map((model) => model.id));
  });
});
