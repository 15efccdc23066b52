import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { anthropicCodec } from '../formats/anthropic/anthropic-codec.js';
import type { FormatCodec } from '../formats/format-codec.js';
import { openaiChatCodec } from '../formats/openai-chat/openai-chat-codec.js';
import { openaiResponsesCodec } from '../formats/openai-responses/openai-responses-codec.js';
import { ResponseTap, sameRecordedResponse } from './response-tap.js';

function tapFixture(codec: FormatCodec, folder: string, file: string, splitAt?: number) {
  const bytes = readFileSync(new URL(`../formats/${folder}/__fixtures__/${file}`, import.meta.url));
  const decoder = codec.createDecoder();
  const tap = new ResponseTap();
  const cut = splitAt ?? bytes.length;
  tap.observe(decoder.push(bytes.subarray(0, cut)));
  tap.observe(decoder.push(bytes.subarray(cut)));
  return tap.result();
}

describe('ResponseTap', () => {
  it('clones what it has seen, blocks still open included, and the two go on apart', () => {
    const tap = new ResponseTap();
    tap.observe([
      { type: 'message-start', id: 'm', model: 'x', usage: { inputTokens: 5 } },
      { type: 'block-start', index: 0, kind: 'text' },
      { type: 'text-delta', index: 0, text: 'Hello' },
    ]);
    const twin = tap.clone();
    tap.observe([{ type: 'text-delta', index: 0, text: ' world' }, { type: 'block-end', index: 0 }, { type: 'message-end' }]);
    twin.observe([{ type: 'text-delta', index: 0, text: ' there' }]);
    expect(tap.result()).toEqual({ blocks: [{ type: 'text', text: 'Hello world' }], stopReason: null, usage: expect.objectContaining({ inputTokens: 5 }) as unknown, complete: true });
    expect(twin.result()).toEqual({ blocks: [{ type: 'text', text: 'Hello there' }], stopReason: null, usage: expect.objectContaining({ inputTokens: 5 }) as unknown, complete: false });
  });

  it('folds a tool call the same way on every format', () => {
    const anthropic = tapFixture(anthropicCodec, 'anthropic', 'tool-use.sse');
    const chat = tapFixture(openaiChatCodec, 'openai-chat', 'tool-call.sse');
    const responses = tapFixture(openaiResponsesCodec, 'openai-responses', 'function-call.sse');
    for (const record of [anthropic, chat, responses]) {
      expect(record?.complete).toBe(true);
      expect(record?.stopReason).toBe('tool-use');
      const call = record?.blocks.find((block) => block.type === 'tool-call');
      expect(call).toMatchObject({ type: 'tool-call', id: expect.any(String) as unknown, name: expect.any(String) as unknown });
      expect(call?.type === 'tool-call' ? JSON.parse(call.inputJson) : undefined).toEqual(call?.type === 'tool-call' ? call.input : 'none');
    }
    expect(chat?.blocks.find((block) => block.type === 'tool-call')).toMatchObject({ name: 'get_weather' });
    expect(responses?.blocks.find((block) => block.type === 'tool-call')).toMatchObject({ name: 'exec_command' });
  });

  it('joins text and thinking, at any chunk boundary, with usage', () => {
    const whole = tapFixture(anthropicCodec, 'anthropic', 'thinking-signature.sse');
    const split = tapFixture(anthropicCodec, 'anthropic', 'thinking-signature.sse', 333);
    expect(split).toEqual(whole);
    expect(whole?.blocks.map((block) => block.type)).toEqual(['thinking', 'text']);
    expect(whole?.blocks[0]?.type === 'thinking' && whole.blocks[0].thinking.length).toBeGreaterThan(0);
    expect(whole?.usage.outputTokens).toBeGreaterThan(0);
  });

  it('says incomplete when the stream stopped early, and nothing when no part came', () => {
    const tap = new ResponseTap();
    expect(tap.result()).toBeUndefined();
    tap.observe([
      { type: 'message-start', id: 'm', model: 'x' },
      { type: 'block-start', index: 0, kind: 'text' },
      { type: 'text-delta', index: 0, text: 'Hel' },
      { type: 'text-delta', index: 0, text: 'lo' },
    ]);
    expect(tap.result()).toEqual({ blocks: [{ type: 'text', text: 'Hello' }], stopReason: null, usage: {}, complete: false });
  });

  it('keeps an unparsable tool input as text', () => {
    const tap = new ResponseTap();
    tap.observe([
      { type: 'block-start', index: 0, kind: 'tool-call', id: 't1', name: 'Bash' },
      { type: 'tool-input-delta', index: 0, json: '{"command":"ls' },
    ]);
    expect(tap.result()?.blocks).toEqual([{ type: 'tool-call', id: 't1', name: 'Bash', input: undefined, inputJson: '{"command":"ls' }]);
  });
});

describe('sameRecordedResponse', () => {
  it('says two folds of the same answer are the same, and any difference in content, stop or usage is not', () => {
    const answer = tapFixture(anthropicCodec, 'anthropic', 'tool-use.sse');
    const again = tapFixture(anthropicCodec, 'anthropic', 'tool-use.sse', 40);
    if (answer === undefined || again === undefined) throw new Error('the fixture folds to nothing');
    expect(answer).not.toBe(again);
    expect(sameRecordedResponse(answer, again)).toBe(true);
    expect(sameRecordedResponse(answer, { ...again, stopReason: 'end-turn' })).toBe(false);
    expect(sameRecordedResponse(answer, { ...again, complete: false })).toBe(false);
    expect(sameRecordedResponse(answer, { ...again, usage: { ...again.usage, outputTokens: 999 } })).toBe(false);
    expect(sameRecordedResponse(answer, { ...again, blocks: again.blocks.slice(1) })).toBe(false);
    const shouted = again.blocks.map((block) => (block.type === 'text' ? { ...block, text: block.text.toUpperCase() } : block.type === 'tool-call' ? { ...block, inputJson: `${block.inputJson} ` } : block));
    expect(sameRecordedResponse(answer, { ...again, blocks: shouted })).toBe(false);
  });
});
