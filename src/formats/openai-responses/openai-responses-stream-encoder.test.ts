import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../core/json.js';
import { modifyPart, type StreamPart } from '../../core/stream-part.js';
import { OpenAIResponsesStreamDecoder } from './openai-responses-stream-decoder.js';
import { OpenAIResponsesStreamEncoder } from './openai-responses-stream-encoder.js';

function encode(parts: readonly StreamPart[]): JsonObject[] {
  const encoder = new OpenAIResponsesStreamEncoder();
  const text = parts.map((part) => encoder.encode(part)).join('') + encoder.flush();
  return text
    .split('\n\n')
    .filter((event) => event !== '')
    .map((event) => {
      const data = JSON.parse(event.slice(event.indexOf('data: ') + 6)) as JsonObject;
      // Events the encoder writes name their type on the `event:` line, as the API's do.
      if (event.startsWith('event: ')) expect(event.startsWith(`event: ${data.type as string}\n`)).toBe(true);
      return data;
    });
}

const start: StreamPart = { type: 'message-start', id: 'resp_policy', model: 'gpt-test' };

describe('OpenAIResponsesStreamEncoder', () => {
  it('writes a policy-made response with reasoning, text and usage Codex accepts', () => {
    const events = encode([
      start,
      { type: 'block-start', index: 0, kind: 'thinking' },
      { type: 'thinking-delta', index: 0, thinking: 'Think.' },
      { type: 'block-end', index: 0 },
      { type: 'block-start', index: 1, kind: 'text' },
      { type: 'text-delta', index: 1, text: 'Hi.' },
      { type: 'block-end', index: 1 },
      { type: 'block-start', index: 2, kind: 'redacted-thinking' },
      { type: 'block-end', index: 2 },
      { type: 'message-delta', stopReason: 'end-turn', usage: { inputTokens: 0, outputTokens: 0 } },
      { type: 'message-end' },
    ]);
    expect(events.map((event) => [event.sequence_number, event.type])).toEqual([
      [0, 'response.created'],
      [1, 'response.output_item.added'],
      [2, 'response.reasoning_summary_part.added'],
      [3, 'response.reasoning_summary_text.delta'],
      [4, 'response.reasoning_summary_text.done'],
      [5, 'response.reasoning_summary_part.done'],
      [6, 'response.output_item.done'],
      [7, 'response.output_item.added'],
      [8, 'response.content_part.added'],
      [9, 'response.output_text.delta'],
      [10, 'response.output_text.done'],
      [11, 'response.content_part.done'],
      [12, 'response.output_item.done'],
      [13, 'response.completed'],
    ]);
    const response = events.at(-1)?.response as JsonObject;
    expect(response).toMatchObject({
      id: 'resp_policy',
      object: 'response',
      status: 'completed',
      model: 'gpt-test',
      output: [
        { type: 'reasoning', summary: [{ type: 'summary_text', text: 'Think.' }] },
        { type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Hi.', annotations: [] }] },
      ],
      usage: { input_tokens: 0, output_tokens: 0, total_tokens: 0 },
    });
    expect((response.output as JsonObject[])[0]?.id).toMatch(/^rs_[0-9a-f]{48}$/);
  });

  it('repeats a policy-given id and model in the final response', () => {
    const bytes = readFileSync(new URL('./__fixtures__/text.sse', import.meta.url));
    const parts = new OpenAIResponsesStreamDecoder().push(bytes).map((part) => (part.type === 'message-start' ? modifyPart(part, { id: 'resp_renamed' }) : part));
    const events = encode(parts);
    expect(events[0]).toMatchObject({ response: { id: 'resp_renamed' } });
    expect(events.at(-1)).toMatchObject({ type: 'response.completed', response: { id: 'resp_renamed', model: 'gpt-5-codex', temperature: 1 } });
  });

  it('says incomplete for a max-tokens stop', () => {
    const events = encode([start, { type: 'message-delta', stopReason: 'max-tokens' }, { type: 'message-end' }]);
    expect(events.at(-1)).toMatchObject({ type: 'response.incomplete', response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } } });
  });

  it('reports a failure as response.failed once the response exists, as a bare error before', () => {
    expect(encode([start, { type: 'error', kind: 'bad-gateway', message: 'upstream went away' }]).at(-1)).toMatchObject({
      type: 'response.failed',
      sequence_number: 1,
      response: { id: 'resp_policy', status: 'failed', error: { code: 'bad_gateway', message: 'upstream went away' } },
    });
    expect(encode([{ type: 'error', kind: 'rate-limit', message: 'slow down' }])).toEqual([
      { type: 'error', sequence_number: 0, code: 'rate_limit_exceeded', message: 'slow down', param: null },
    ]);
  });

  it('relays an upstream error event as it came', () => {
    const bytes = Buffer.from(
      'event: response.created\ndata: {"type":"response.created","sequence_number":0,"response":{"id":"resp_1","model":"m","output":[]}}\n\n' +
        'event: error\ndata: {"type":"error","sequence_number":1,"code":"server_error","message":"boom","param":null}\n\n',
    );
    const parts = new OpenAIResponsesStreamDecoder().push(bytes);
    expect(parts.at(-1)).toMatchObject({ type: 'error', kind: 'api-error', message: 'boom' });
    const encoder = new OpenAIResponsesStreamEncoder();
    expect(parts.map((part) => encoder.encode(part)).join('')).toBe(bytes.toString());
  });

  it('leaves sequence numbers out when the upstream sends none', () => {
    const bytes = Buffer.from(
      'data: {"type":"response.created","response":{"id":"resp_1","model":"m","output":[],"status":"in_progress"}}\n\n' +
        'data: {"type":"response.output_item.added","output_index":0,"item":{"id":"msg_1","type":"message","role":"assistant","content":[]}}\n\n' +
        'data: {"type":"response.output_text.delta","output_index":0,"item_id":"msg_1","delta":"hi"}\n\n' +
        'data: {"type":"response.output_item.done","output_index":0,"item":{"id":"msg_1","type":"message","role":"assistant","content":[{"type":"output_text","text":"hi"}]}}\n\n' +
        'data: {"type":"response.completed","response":{"id":"resp_1","model":"m","status":"completed","output":[{"id":"msg_1","type":"message","role":"assistant","content":[{"type":"output_text","text":"hi"}]}]}}\n\n',
    );
    const parts = new OpenAIResponsesStreamDecoder().push(bytes);
    const encoder = new OpenAIResponsesStreamEncoder();
    expect(parts.map((part) => encoder.encode(part)).join('')).toBe(bytes.toString());
    const changed = encode(parts.map((part) => (part.type === 'text-delta' ? { type: 'text-delta', index: part.index, text: 'HI' } : part)));
    expect(changed.some((event) => 'sequence_number' in event)).toBe(false);
    expect(changed.at(-1)).toMatchObject({ response: { output: [{ content: [{ text: 'HI' }] }] } });
  });
});
