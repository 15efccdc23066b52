import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../core/json.js';
import { modifyPart, type StreamPart } from '../../core/stream-part.js';
import { OpenAIResponsesStreamDecoder } from './openai-responses-stream-decoder.js';
import { OpenAIResponsesStreamEncoder } from './openai-responses-stream-encoder.js';
import { relayStream } from '../../../test/helpers/relay-stream.js';
import { openaiResponsesCodec } from './openai-responses-codec.js';
import { validateOpenAIResponsesStream } from './validate-openai-responses-output.js';

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

function eventsOf(text: string): JsonObject[] {
  return text
    .split('\n\n')
    .filter((event) => event !== '')
    .map((event) => JSON.parse(event.slice(event.indexOf('data: ') + 6)) as JsonObject);
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

  it('reports its own failure as an error event, then response.failed once the response exists', () => {
    const afterStart = encode([start, { type: 'error', kind: 'bad-gateway', message: 'upstream went away' }]);
    expect(afterStart.slice(-2)).toMatchObject([
      {
        type: 'error',
        sequence_number: 1,
        code: 'bad_gateway',
        message: 'upstream went away',
        error: { type: 'server_error', code: 'bad_gateway', message: 'upstream went away', param: null },
      },
      { type: 'response.failed', sequence_number: 2, response: { id: 'resp_policy', status: 'failed', error: { code: 'bad_gateway', message: 'upstream went away' } } },
    ]);
    expect(encode([{ type: 'error', kind: 'rate-limit', message: 'slow down' }])).toEqual([
      {
        type: 'error',
        sequence_number: 0,
        code: 'rate_limit_exceeded',
        message: 'slow down',
        param: null,
        error: { type: 'requests', code: 'rate_limit_exceeded', message: 'slow down', param: null },
      },
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

  it.each(['text.sse', 'reasoning-text.sse', 'two-function-calls.sse', 'unicode.sse', 'incomplete.sse'])(
    '%s without its passthrough events still opens and closes every part the text streams in',
    (name) => {
      const bytes = readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url));
      const untouched = relayStream(openaiResponsesCodec, [bytes]);
      const dropped = relayStream(openaiResponsesCodec, [bytes], (part) => (part.type === 'passthrough' ? [] : [part]));
      expect(validateOpenAIResponsesStream(dropped.text)).toEqual([]);
      // The client still gets every text and the same final output.
      const final = (text: string) => JSON.parse(text.slice(text.lastIndexOf('data: ') + 6)) as JsonObject;
      expect((final(dropped.text).response as JsonObject).output).toEqual((final(untouched.text).response as JsonObject).output);
      const announced = (text: string) => (text.match(/event: response\.(content_part|reasoning_summary_part)\.(added|done)\n/g) ?? []).length;
      expect(announced(dropped.text)).toBe(announced(untouched.text));
    },
  );

  it("keeps the upstream's response.failed after its error, listing what it lists as the client got it", () => {
    const message = { id: 'msg_1', type: 'message', status: 'in_progress', role: 'assistant' };
    const events = (output: unknown[]) => [
      { type: 'response.created', sequence_number: 0, response: { id: 'resp_1', object: 'response', status: 'in_progress', model: 'm', output: [] } },
      { type: 'response.output_item.added', sequence_number: 1, output_index: 0, item: { ...message, content: [] } },
      { type: 'response.content_part.added', sequence_number: 2, item_id: 'msg_1', output_index: 0, content_index: 0, part: { type: 'output_text', annotations: [], text: '' } },
      { type: 'response.output_text.delta', sequence_number: 3, item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'hi' },
      { type: 'error', sequence_number: 4, error: { type: 'server_error', code: 'server_error', message: 'boom', param: null } },
      { type: 'response.failed', sequence_number: 5, response: { id: 'resp_1', object: 'response', status: 'failed', model: 'm', output } },
    ];
    const sse = (list: readonly object[]) => Buffer.from(list.map((event) => `event: ${(event as { type: string }).type}\ndata: ${JSON.stringify(event)}\n\n`).join(''));
    const upperCase = (part: StreamPart): StreamPart[] => [part.type === 'text-delta' ? modifyPart(part, { text: part.text.toUpperCase() }) : part];
    const failedOutput = (text: string) => (eventsOf(text).at(-1)?.response as JsonObject).output;

    const listed = sse(events([{ ...message, content: [{ type: 'output_text', annotations: [], text: 'hi' }] }]));
    expect(relayStream(openaiResponsesCodec, [listed]).text).toBe(listed.toString());
    expect(failedOutput(relayStream(openaiResponsesCodec, [listed], upperCase).text)).toEqual([{ ...message, content: [{ type: 'output_text', annotations: [], text: 'HI' }] }]);
    expect(failedOutput(relayStream(openaiResponsesCodec, [listed], (part) => ('index' in part && part.index === 0 ? [] : [part])).text)).toEqual([]);
    // An upstream that lists nothing in its failed response still lists nothing.
    const unlisted = sse(events([]));
    const changed = relayStream(openaiResponsesCodec, [unlisted], upperCase).text;
    expect(failedOutput(changed)).toEqual([]);
    expect(validateOpenAIResponsesStream(changed)).toEqual([]);
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
