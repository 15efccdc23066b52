import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { modifyPart, type StreamPart } from '../../core/stream-part.js';
import { readOpenAIChatStream } from '../../../test/helpers/read-openai-chat-stream.js';
import { relayStream, type PartTransform } from '../../../test/helpers/relay-stream.js';
import { everySplit } from '../../../test/helpers/split-bytes.js';
import { openaiChatCodec } from './openai-chat-codec.js';
import { OpenAIChatStreamDecoder } from './openai-chat-stream-decoder.js';
import { OpenAIChatStreamEncoder } from './openai-chat-stream-encoder.js';

const read = (name: string): Buffer => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url));
const relay = (chunks: readonly Uint8Array[], transform?: PartTransform) => relayStream(openaiChatCodec, chunks, transform);
const original = (name: string) => readOpenAIChatStream(read(name).toString('utf8'));

/** Like a tool-call judge (or a whole-text-block hook): holds a block's parts until it ends, then lets them all go. */
function holdBlocks(kind: 'tool-call' | 'text'): PartTransform {
  const held = new Map<number, StreamPart[]>();
  return (part) => {
    if (part.type === 'block-start' && part.kind === kind) {
      held.set(part.index, [part]);
      return [];
    }
    const hold = 'index' in part && part.index !== undefined ? held.get(part.index) : undefined;
    if (hold === undefined) return [part];
    hold.push(part);
    if (part.type !== 'block-end') return [];
    held.delete(part.index);
    return hold;
  };
}

describe('OpenAIChatStreamEncoder', () => {
  it('writes an unchanged chunk as soon as its last part arrives, with nothing left for flush', () => {
    const bytes = read('parallel-tool-calls.sse');
    const encoder = new OpenAIChatStreamEncoder();
    let text = '';
    for (const part of new OpenAIChatStreamDecoder().push(bytes)) text += encoder.encode(part);
    expect(text).toBe(bytes.toString('utf8'));
    expect(encoder.flush()).toBe('');
  });

  it('sends tool calls a policy held back across batches once, whole and in order', () => {
    const bytes = read('parallel-tool-calls.sse');
    const expected = original('parallel-tool-calls.sse');
    for (const chunks of everySplit(bytes)) {
      const out = readOpenAIChatStream(relay(chunks, holdBlocks('tool-call')).text);
      expect(out.content).toBe(expected.content);
      expect(out.toolCalls).toEqual(expected.toolCalls);
      expect(out.finishReasons).toEqual(['tool_calls']);
      expect(out.ids).toEqual(expected.ids);
      expect(out.events.at(-1)).toBe('[DONE]');
    }
  });

  it.each(['text.sse', 'reasoning-content.sse', 'unicode.sse', 'content-with-finish.sse'])('sends text blocks held back whole in %s once, in order', (name) => {
    const expected = original(name);
    for (const chunks of everySplit(read(name))) {
      const out = readOpenAIChatStream(relay(chunks, holdBlocks('text')).text);
      expect([out.content, out.reasoning, out.toolCalls, out.finishReasons]).toEqual([expected.content, expected.reasoning, expected.toolCalls, expected.finishReasons]);
      expect(out.events.at(-1)).toBe('[DONE]');
    }
  });

  it('splits a chunk whose parts a policy held back, without sending anything twice', () => {
    // The last content chunk also carries finish_reason; the policy holds the finish until [DONE].
    let finish: StreamPart | undefined;
    const holdFinish: PartTransform = (part) => {
      if (part.type === 'message-delta') {
        finish = part;
        return [];
      }
      return part.type === 'message-end' && finish !== undefined ? [finish, part] : [part];
    };
    const bytes = read('content-with-finish.sse');
    // Within one batch the finish is back before anything was written: the chunk goes out whole.
    expect(relay([bytes], holdFinish).text).toBe(bytes.toString('utf8'));

    // Across batches it is not: the chunk goes out without the finish, and the finish follows alone.
    finish = undefined;
    const done = bytes.indexOf('data: [DONE]');
    const out = readOpenAIChatStream(relay([bytes.subarray(0, done), bytes.subarray(done)], holdFinish).text);
    expect(out.content).toBe('Paris is the capital.');
    expect(out.finishReasons).toEqual(['stop']);
    const lastTwo = out.events.slice(-3, -1) as { choices: { delta: unknown; finish_reason: unknown }[] }[];
    expect(lastTwo.map((event) => event.choices[0])).toEqual([
      { index: 0, delta: { content: ' capital.' }, finish_reason: null },
      { index: 0, delta: {}, finish_reason: 'stop' },
    ]);
    expect(lastTwo[1]).toMatchObject({ id: 'chatcmpl-7c2b1d0e9f8a4b3c', created: 1761264000, model: 'Qwen/Qwen2.5-7B-Instruct' });
  });

  it('numbers tool calls contiguously from 0 after a policy drops one', () => {
    // Block 1 is get_weather (tool index 0); without it, get_time must become index 0.
    const dropWeather: PartTransform = (part) => ('index' in part && part.index === 1 ? [] : [part]);
    for (const chunks of everySplit(read('parallel-tool-calls.sse'))) {
      const out = readOpenAIChatStream(relay(chunks, dropWeather).text);
      expect(out.toolCalls).toEqual([{ index: 0, id: 'call_Time000aB1cD2eF3gH4iJ5k', name: 'get_time', arguments: '{"tz":"Europe/Paris"}' }]);
      expect(out.finishReasons).toEqual(['tool_calls']);
    }
  });

  it('renumbers an unchanged tool call when a policy replaced the one before it with text', () => {
    const replaceFirstCall: PartTransform = (part) => {
      if (part.type === 'block-start' && part.index === 1) return [{ type: 'block-start', index: 1, kind: 'text' }, { type: 'text-delta', index: 1, text: ' [weather call removed]' }];
      return 'index' in part && part.index === 1 && part.type !== 'block-end' ? [] : [part];
    };
    const out = readOpenAIChatStream(relay([read('parallel-tool-calls.sse')], replaceFirstCall).text);
    expect(out.content).toBe('Checking both. [weather call removed]');
    expect(out.toolCalls.map((call) => [call.index, call.name, call.arguments])).toEqual([[0, 'get_time', '{"tz":"Europe/Paris"}']]);
  });

  it('stamps parts a policy adds with the stream id, model, created and fingerprint', () => {
    const inject: PartTransform = (part) =>
      part.type === 'message-delta'
        ? [{ type: 'block-start', index: 50, kind: 'text' }, { type: 'text-delta', index: 50, text: ' (checked by policy)' }, { type: 'block-end', index: 50 }, part]
        : [part];
    const out = readOpenAIChatStream(relay([read('include-usage.sse')], inject).text);
    expect(out.content).toBe('Two plus two is four. (checked by policy)');
    expect(out.ids).toEqual(new Set(['chatcmpl-CU1b2Yr0qMn3As8tU5wX9zC4oF6lI']));
    const injected = out.events.find((event) => event !== '[DONE]' && JSON.stringify(event).includes('checked by policy'));
    expect(injected).toEqual({
      id: 'chatcmpl-CU1b2Yr0qMn3As8tU5wX9zC4oF6lI',
      object: 'chat.completion.chunk',
      created: 1761265000,
      model: 'gpt-4o-2024-08-06',
      service_tier: 'default',
      system_fingerprint: 'fp_f33640a400',
      usage: null,
      choices: [{ index: 0, delta: { content: ' (checked by policy)' }, finish_reason: null }],
    });
    expect(out.usages).toHaveLength(1);
  });

  it('writes a whole answer made by a policy as a valid stream', () => {
    const encoder = new OpenAIChatStreamEncoder(() => 1_700_000_000);
    const invariants = openaiChatCodec.createInvariants({ id: 'chatcmpl-policy', model: 'gpt-4o' });
    const parts: StreamPart[] = [
      { type: 'block-start', index: 0, kind: 'text' },
      { type: 'text-delta', index: 0, text: 'Blocked: ' },
      { type: 'text-delta', index: 0, text: 'rm -rf / is not allowed.' },
      { type: 'block-end', index: 0 },
      { type: 'message-delta', stopReason: 'end-turn', usage: { inputTokens: 0, outputTokens: 0 } },
      { type: 'message-end' },
    ];
    const text = parts.flatMap((part) => invariants.apply(part)).map((part) => encoder.encode(part)).join('') + encoder.flush();
    const out = readOpenAIChatStream(text);
    expect(out.events[0]).toEqual({
      id: 'chatcmpl-policy',
      object: 'chat.completion.chunk',
      created: 1_700_000_000,
      model: 'gpt-4o',
      choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }],
    });
    expect(out.content).toBe('Blocked: rm -rf / is not allowed.');
    expect(out.finishReasons).toEqual(['stop']);
    expect(out.usages).toEqual([{ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 }]);
    expect(out.events.at(-1)).toBe('[DONE]');
  });

  it('writes the id and model the client was told over every later chunk', () => {
    const alias: PartTransform = (part) => [part.type === 'message-start' ? modifyPart(part, { model: 'house-model' }) : part];
    const out = readOpenAIChatStream(relay([read('include-usage.sse')], alias).text);
    expect(out.models).toEqual(new Set(['house-model']));
    expect(out.ids).toEqual(new Set(['chatcmpl-CU1b2Yr0qMn3As8tU5wX9zC4oF6lI']));
  });

  it('writes a policy tool call with its own index, and thinking under the stream’s field name', () => {
    const add: PartTransform = (part) =>
      part.type === 'message-delta'
        ? [
            { type: 'block-start', index: 70, kind: 'thinking' },
            { type: 'thinking-delta', index: 70, thinking: 'policy note' },
            { type: 'block-end', index: 70 },
            { type: 'block-start', index: 71, kind: 'tool-call', id: 'call_policy', name: 'notify' },
            { type: 'tool-input-delta', index: 71, json: '{"level":"high"}' },
            { type: 'block-end', index: 71 },
            modifyPart(part, { stopReason: 'tool-use' }),
          ]
        : [part];
    const out = readOpenAIChatStream(relay([read('reasoning-content.sse')], add).text);
    expect(out.reasoning).toBe('The user asks for 9.11 vs 9.9. 9.9 is larger.policy note');
    expect(out.toolCalls).toEqual([{ index: 0, id: 'call_policy', name: 'notify', arguments: '{"level":"high"}' }]);
    expect(out.finishReasons).toEqual(['tool_calls']);
  });

  it('relays an upstream error event, and writes a fresh one in OpenAI shape', () => {
    const encoder = new OpenAIChatStreamEncoder();
    expect(encoder.encode({ type: 'error', kind: 'overloaded', message: 'Try later' })).toBe(
      'data: {"error":{"message":"Try later","type":"server_error","param":null,"code":"server_is_overloaded"}}\n\n',
    );
  });
});
