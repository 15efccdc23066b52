import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { modifyPart, type StreamPart } from '../../core/stream-part.js';
import { everySplit } from '../../../test/helpers/split-bytes.js';
import { readOpenAIChatStream } from '../../../test/helpers/read-openai-chat-stream.js';
import { relayStream, type PartTransform } from '../../../test/helpers/relay-stream.js';
import { openaiChatCodec } from './openai-chat-codec.js';

const fixtureDir = new URL('./__fixtures__/', import.meta.url);
const fixtures = readdirSync(fixtureDir).filter((name) => name.endsWith('.sse'));
const read = (name: string): Buffer => readFileSync(new URL(name, fixtureDir));

const relay = (chunks: readonly Uint8Array[], transform?: PartTransform) => relayStream(openaiChatCodec, chunks, transform);

/** Parts without their origins, for comparing what was understood. */
function meaning(parts: readonly StreamPart[]): unknown[] {
  return parts.map(({ origin: _origin, ...rest }) => rest);
}

const upperCase: PartTransform = (part) => [part.type === 'text-delta' ? modifyPart(part, { text: part.text.toUpperCase() }) : part];

/** The original event data with choice 0's content upper-cased: what a modified relay must send. */
function upperCasedEvents(bytes: Buffer): unknown[] {
  return readOpenAIChatStream(bytes.toString('utf8')).events.map((event) => {
    if (event === '[DONE]' || !Array.isArray(event.choices)) return event;
    const choices = (event.choices as Record<string, unknown>[]).map((choice) => {
      const delta = choice.delta as Record<string, unknown> | undefined;
      if (choice.index !== 0 || typeof delta?.content !== 'string') return choice;
      return { ...choice, delta: { ...delta, content: delta.content.toUpperCase() } };
    });
    return { ...event, choices };
  });
}

describe('Chat Completions stream decoding and re-encoding', () => {
  it.each(fixtures)('%s passes byte for byte at every chunk boundary', (name) => {
    const bytes = read(name);
    const whole = relay([bytes]);
    expect(whole.text).toBe(bytes.toString('utf8'));
    expect(whole.leftover).toBe('');
    expect(whole.violations).toEqual([]);
    for (const chunks of everySplit(bytes)) {
      const split = relay(chunks);
      expect(split.text).toBe(whole.text);
      expect(meaning(split.parts)).toEqual(meaning(whole.parts));
    }
  });

  it.each(fixtures)('%s with upper-cased text keeps every other field of every chunk', (name) => {
    const bytes = read(name);
    const expected = upperCasedEvents(bytes);
    const whole = relay([bytes], upperCase);
    expect(readOpenAIChatStream(whole.text).events).toEqual(expected);
    for (const chunks of everySplit(bytes)) expect(relay(chunks, upperCase).text).toBe(whole.text);
  });

  it.each(fixtures)('%s re-serialised from parts says what the original said', (name) => {
    // Every part marked changed: each chunk is rebuilt from its data and its parts. Field order is
    // kept, so the rebuilt chunks are even byte-identical; only comments (no data) cannot be rebuilt.
    const bytes = read(name);
    const touched = relay([bytes], (part) => [modifyPart(part, {})]);
    expect(touched.text).toBe(bytes.toString('utf8').replace(/^:[^\n]*\n\n/gm, ''));
  });

  it('models text, the first chunk and the finish', () => {
    const { parts } = relay([read('text.sse')]);
    expect(meaning(parts).slice(0, 3)).toEqual([
      { type: 'message-start', id: 'chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT', model: 'gpt-4.1-2025-04-14' },
      { type: 'block-start', index: 0, kind: 'text' },
      { type: 'text-delta', index: 0, text: 'Hello' },
    ]);
    expect(meaning(parts).slice(-3)).toEqual([{ type: 'block-end', index: 0 }, { type: 'message-delta', stopReason: 'end-turn' }, { type: 'message-end' }]);
    expect(parts.filter((part) => part.type === 'message-start')).toHaveLength(1);
  });

  it('numbers blocks itself, and handles two tool-call starts in one chunk', () => {
    const { parts } = relay([read('parallel-tool-calls.sse')]);
    const starts = parts.filter((part) => part.type === 'block-start');
    expect(meaning(starts)).toEqual([
      { type: 'block-start', index: 0, kind: 'text' },
      { type: 'block-start', index: 1, kind: 'tool-call', id: 'call_Weather0aB1cD2eF3gH4iJ5', name: 'get_weather' },
      { type: 'block-start', index: 2, kind: 'tool-call', id: 'call_Time000aB1cD2eF3gH4iJ5k', name: 'get_time' },
    ]);
    // The chunk that starts both calls: the text ends, both start, the second with its first fragment.
    const sharing = parts.filter((part) => part.origin?.data === starts[1]?.origin?.data);
    expect(sharing.map((part) => part.type)).toEqual(['block-end', 'block-start', 'block-start', 'tool-input-delta']);
    const folded = openaiChatCodec.foldResponse(parts) as { choices: { message: Record<string, unknown>; finish_reason: string }[] };
    expect(folded.choices[0]?.message).toEqual({
      role: 'assistant',
      content: 'Checking both.',
      refusal: null,
      tool_calls: [
        { id: 'call_Weather0aB1cD2eF3gH4iJ5', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
        { id: 'call_Time000aB1cD2eF3gH4iJ5k', type: 'function', function: { name: 'get_time', arguments: '{"tz":"Europe/Paris"}' } },
      ],
    });
    expect(folded.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('reads content and finish_reason from one chunk', () => {
    const { parts } = relay([read('content-with-finish.sse')]);
    const last = parts.filter((part) => part.type !== 'message-end').slice(-3);
    expect(meaning(last)).toEqual([
      { type: 'text-delta', index: 0, text: ' capital.' },
      { type: 'block-end', index: 0 },
      { type: 'message-delta', stopReason: 'end-turn' },
    ]);
    expect(new Set(last.map((part) => part.origin))).toHaveProperty('size', 1);
  });

  it('keeps the usage chunk as a passthrough before [DONE], and folds its usage', () => {
    const { parts } = relay([read('include-usage.sse')]);
    expect(parts.slice(-2).map((part) => (part.type === 'passthrough' ? `passthrough:${part.event}` : part.type))).toEqual(['passthrough:usage', 'message-end']);
    const folded = openaiChatCodec.foldResponse(parts);
    expect(folded).toMatchObject({ object: 'chat.completion', usage: { prompt_tokens: 19, completion_tokens: 10, total_tokens: 29 } });
    expect((folded.choices as { message: { content: string } }[])[0]?.message.content).toBe('Two plus two is four.');
  });

  it('reads reasoning_content as a thinking block and folds it back', () => {
    const { parts } = relay([read('reasoning-content.sse')]);
    expect(parts.filter((part) => part.type === 'block-start').map((part) => part.kind)).toEqual(['thinking', 'text']);
    const finish = parts.find((part) => part.type === 'message-delta');
    expect(finish).toMatchObject({ usage: { inputTokens: 13, outputTokens: 42, reasoningTokens: 30 } });
    const folded = openaiChatCodec.foldResponse(parts) as { choices: { message: Record<string, unknown> }[]; usage: unknown };
    expect(folded.choices[0]?.message).toMatchObject({ content: '9.9 is larger.', reasoning_content: 'The user asks for 9.11 vs 9.9. 9.9 is larger.' });
    expect(folded.usage).toMatchObject({ prompt_cache_miss_tokens: 13 });
  });

  it('passes other choices through and folds them as whole choices', () => {
    const { parts } = relay([read('two-choices.sse')]);
    expect(parts.filter((part) => part.type === 'text-delta').map((part) => part.text)).toEqual(['Red', ' apples.']);
    const folded = openaiChatCodec.foldResponse(parts) as { choices: unknown[] };
    expect(folded.choices).toEqual([
      { index: 0, message: { role: 'assistant', content: 'Red apples.', refusal: null }, logprobs: null, finish_reason: 'stop' },
      { index: 1, message: { role: 'assistant', content: 'Blue skies.', refusal: null }, logprobs: null, finish_reason: 'stop' },
    ]);
  });

  it('keeps fields it does not model: logprobs, refusals, comments', () => {
    const { parts } = relay([read('unknown-fields.sse')]);
    expect(parts.filter((part) => part.type === 'passthrough').map((part) => part.event)).toEqual(['', 'chunk', 'chunk']);
    const folded = openaiChatCodec.foldResponse(parts) as { choices: { message: Record<string, unknown>; logprobs: { content: { token: string }[] } }[]; obfuscation: unknown };
    expect(folded.choices[0]?.message).toEqual({ role: 'assistant', content: 'Sure.', refusal: "I can't share that." });
    expect(folded.choices[0]?.logprobs.content.map((entry) => entry.token)).toEqual(['Sure', '.']);
    expect(folded.obfuscation).toBe('x7Q');
  });

  it('reads the deprecated function_call as a tool-call block', () => {
    const { parts } = relay([read('legacy-function-call.sse')]);
    expect(meaning(parts.filter((part) => part.type === 'block-start'))).toEqual([{ type: 'block-start', index: 0, kind: 'tool-call', name: 'get_current_weather' }]);
    const folded = openaiChatCodec.foldResponse(parts) as { choices: { message: Record<string, unknown>; finish_reason: string }[] };
    expect(folded.choices[0]?.message).toEqual({
      role: 'assistant',
      content: null,
      function_call: { name: 'get_current_weather', arguments: '{\n  "location": "Boston, MA"\n}' },
    });
    expect(folded.choices[0]?.finish_reason).toBe('function_call');
  });

  it('reads OpenRouter reasoning and its usage chunk, and folds them under its own names', () => {
    const { parts } = relay([read('openrouter-reasoning.sse')]);
    expect(parts.filter((part) => part.type === 'thinking-delta').map((part) => part.thinking)).toEqual(['Thinking about ', 'the question.']);
    expect(parts.filter((part) => part.type === 'passthrough').map((part) => part.event)).toEqual(['', 'chunk', 'usage']);
    const folded = openaiChatCodec.foldResponse(parts) as { choices: { message: Record<string, unknown>; native_finish_reason: unknown }[]; usage: unknown; provider: unknown };
    expect(folded.choices[0]?.message).toMatchObject({ role: 'assistant', content: 'Forty-two.', reasoning: 'Thinking about the question.' });
    expect(folded.choices[0]?.message.reasoning_details).toHaveLength(3);
    expect(folded.choices[0]?.native_finish_reason).toBe('end_turn');
    expect(folded.usage).toMatchObject({ cost: 0.000417 });
    expect(folded.provider).toBe('Anthropic');
  });

  it('reads custom (freeform) tool calls as tool calls whose input is the text', () => {
    const chunk = (delta: object, finish: string | null = null) =>
      `data: ${JSON.stringify({ id: 'chatcmpl-c', object: 'chat.completion.chunk', created: 1, model: 'gpt-5', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    const stream = [
      chunk({ role: 'assistant', content: null, tool_calls: [{ index: 0, id: 'call_sql', type: 'custom', custom: { name: 'sql', input: '' } }] }),
      chunk({ tool_calls: [{ index: 0, custom: { input: 'SELECT ' } }] }),
      chunk({ tool_calls: [{ index: 0, custom: { input: '1' } }] }),
      chunk({}, 'tool_calls'),
      'data: [DONE]\n\n',
    ].join('');
    const untouched = relay([Buffer.from(stream)]);
    expect(untouched.text).toBe(stream);
    expect(meaning(untouched.parts.filter((part) => part.type === 'block-start' || part.type === 'tool-input-delta'))).toEqual([
      { type: 'block-start', index: 0, kind: 'tool-call', id: 'call_sql', name: 'sql' },
      { type: 'tool-input-delta', index: 0, json: 'SELECT ' },
      { type: 'tool-input-delta', index: 0, json: '1' },
    ]);
    expect(relay([Buffer.from(stream)], (part) => [modifyPart(part, {})]).text).toBe(stream);
    const folded = openaiChatCodec.foldResponse(untouched.parts) as { choices: { message: Record<string, unknown> }[] };
    expect(folded.choices[0]?.message.tool_calls).toEqual([{ id: 'call_sql', type: 'custom', custom: { name: 'sql', input: 'SELECT 1' } }]);
  });

  it('decodes an in-stream error event as an error part', () => {
    const error = 'data: {"error":{"message":"The server had an error while processing your request.","type":"server_error","param":null,"code":null}}\n\n';
    const { parts, text } = relay([Buffer.from(error)]);
    expect(meaning(parts)).toEqual([{ type: 'error', kind: 'api-error', message: 'The server had an error while processing your request.' }]);
    expect(text).toBe(error);
  });
});
