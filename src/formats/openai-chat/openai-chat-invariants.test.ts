import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../core/stream-part.js';
import { readOpenAIChatStream } from '../../../test/helpers/read-openai-chat-stream.js';
import { relayStream, type PartTransform } from '../../../test/helpers/relay-stream.js';
import { openaiChatCodec } from './openai-chat-codec.js';
import { OpenAIChatInvariants } from './openai-chat-invariants.js';
import { OpenAIChatStreamDecoder } from './openai-chat-stream-decoder.js';
import { validateOpenAIChatStream } from './validate-openai-chat-output.js';

const read = (name: string): Buffer => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url));
const relayFixture = (name: string, transform: PartTransform) => relayStream(openaiChatCodec, [read(name)], transform);

function run(parts: readonly StreamPart[]) {
  const invariants = new OpenAIChatInvariants({ id: 'chatcmpl-fallback', model: 'm' });
  return { out: parts.flatMap((part) => invariants.apply(part)), invariants };
}

const begin: StreamPart = { type: 'message-start', id: 'chatcmpl-1', model: 'm' };
const text = (index: number, value: string): StreamPart[] => [
  { type: 'block-start', index, kind: 'text' },
  { type: 'text-delta', index, text: value },
  { type: 'block-end', index },
];
const tool = (index: number): StreamPart[] => [
  { type: 'block-start', index, kind: 'tool-call', id: `call_${index}`, name: 'Bash' },
  { type: 'tool-input-delta', index, json: '{}' },
  { type: 'block-end', index },
];
const usage: StreamPart = { type: 'passthrough', event: 'usage' };
const fromUpstream = { format: 'openai-chat', data: {} } as const;
const dropType =
  (type: StreamPart['type']): PartTransform =>
  (part) => (part.type === type ? [] : [part]);
const types = (parts: readonly StreamPart[]) => parts.map((part) => part.type);
const finishes = (parts: readonly StreamPart[]) => parts.flatMap((part) => (part.type === 'message-delta' ? [part.stopReason] : []));

describe('OpenAIChatInvariants', () => {
  it('returns untouched parts as the same objects', () => {
    const parts = new OpenAIChatStreamDecoder().push(read('parallel-tool-calls.sse'));
    const { out, invariants } = run(parts);
    expect(out).toHaveLength(parts.length);
    out.forEach((part, i) => expect(part).toBe(parts[i]));
    expect(invariants.isEnded).toBe(true);
  });

  it('keeps exactly one finish and no content after it, but lets the usage chunk through before [DONE]', () => {
    const { out, invariants } = run([
      begin,
      ...text(0, 'a'),
      { type: 'message-delta', stopReason: 'end-turn' },
      ...text(1, 'late'),
      { type: 'message-delta', stopReason: 'end-turn' },
      usage,
      { type: 'message-end' },
      ...text(2, 'after [DONE]'),
      usage,
    ]);
    expect(types(out)).toEqual(['message-start', 'block-start', 'text-delta', 'block-end', 'message-delta', 'passthrough', 'message-end']);
    expect(invariants.violations.map((violation) => violation.rule)).toEqual(['content-after-finish', 'single-finish', 'after-end', 'after-end', 'after-end']);
  });

  it('closes open blocks and adds the missing finish before [DONE]', () => {
    const { out } = run([begin, { type: 'block-start', index: 0, kind: 'text' }, { type: 'text-delta', index: 0, text: 'x' }, { type: 'message-end' }]);
    expect(types(out)).toEqual(['message-start', 'block-start', 'text-delta', 'block-end', 'message-delta', 'message-end']);
    expect(finishes(out)).toEqual(['end-turn']);
    expect(finishes(run([begin, ...tool(0), { type: 'message-end' }]).out)).toEqual(['tool-use']);
  });

  it("says tool_calls only while a tool call remains, and leaves the upstream's stop after its own tool calls alone", () => {
    expect(finishes(run([begin, ...text(1, 'only text'), { type: 'message-delta', stopReason: 'tool-use' }]).out)).toEqual(['end-turn']);
    // With a forced tool_choice the API itself says `stop` after the calls it made.
    const upstreamTool = tool(0).map((part) => ({ ...part, origin: fromUpstream }));
    expect(finishes(run([begin, ...upstreamTool, { type: 'message-delta', stopReason: 'end-turn', origin: fromUpstream }]).out)).toEqual(['end-turn']);
    // End to end: a policy removes the only tool call, and the client is told `stop`.
    const dropCall: PartTransform = (part) => ('index' in part && part.index === 0 ? [] : [part]);
    const out = readOpenAIChatStream(relayFixture('tool-call.sse', dropCall).text);
    expect(out.toolCalls).toEqual([]);
    expect(out.finishReasons).toEqual(['stop']);
    expect(out.events.at(-1)).toBe('[DONE]');
  });

  it('says tool_calls when a policy added a tool call before the stop, or wrote the finish itself', () => {
    const upstreamStop: StreamPart = { type: 'message-delta', stopReason: 'end-turn', origin: fromUpstream };
    const { out, invariants } = run([begin, ...text(0, 'a'), ...tool(1), upstreamStop]);
    expect(finishes(out)).toEqual(['tool-use']);
    expect(invariants.violations).toEqual([]);
    const upstreamTool = tool(0).map((part) => ({ ...part, origin: fromUpstream }));
    expect(finishes(run([begin, ...upstreamTool, { type: 'message-delta', stopReason: 'end-turn' }]).out)).toEqual(['tool-use']);
    // End to end: a tool call added to a plain text answer.
    let added = false;
    const addCall: PartTransform = (part) => {
      if (part.type !== 'message-delta' || added) return [part];
      added = true;
      return [...tool(9), part];
    };
    const relayed = relayFixture('text.sse', addCall).text;
    expect(validateOpenAIChatStream(relayed)).toEqual([]);
    expect(readOpenAIChatStream(relayed).finishReasons).toEqual(['tool_calls']);
  });

  it.each(['include-usage.sse', 'two-choices.sse'])('%s: the finish a policy dropped is made again before the usage chunk', (name) => {
    const relayed = relayFixture(name, dropType('message-delta'));
    expect(validateOpenAIChatStream(relayed.text)).toEqual([]);
    const events = readOpenAIChatStream(relayed.text).events;
    const usageAt = events.findIndex((event) => event !== '[DONE]' && Array.isArray(event.choices) && event.choices.length === 0);
    expect(usageAt).toBe(events.length - 2);
    expect(readOpenAIChatStream(relayed.text).finishReasons).toEqual(['stop']);
  });

  it('keeps a usage chunk that came before the finish for after it', () => {
    const { out } = run([begin, ...text(0, 'a'), usage, { type: 'message-delta', stopReason: 'end-turn' }, { type: 'message-end' }]);
    expect(types(out)).toEqual(['message-start', 'block-start', 'text-delta', 'block-end', 'message-delta', 'passthrough', 'message-end']);
  });

  it('makes the finish of a deprecated function_call again as function_call', () => {
    const relayed = relayFixture('legacy-function-call.sse', dropType('message-delta')).text;
    expect(validateOpenAIChatStream(relayed)).toEqual([]);
    expect(readOpenAIChatStream(relayed).finishReasons).toEqual(['function_call']);
  });

  it('gives every chunk one id when a policy dropped the first chunk', () => {
    const relayed = relayFixture('two-choices.sse', dropType('message-start')).text;
    expect(validateOpenAIChatStream(relayed)).toEqual([]);
    expect(readOpenAIChatStream(relayed).ids).toEqual(new Set(['fallback']));
  });

  it('allows text after a tool call: Chat Completions content has no order with tool_calls', () => {
    const { out, invariants } = run([begin, ...tool(0), ...text(1, 'after'), { type: 'message-delta', stopReason: 'tool-use' }]);
    expect(types(out).filter((type) => type === 'block-start')).toHaveLength(2);
    expect(finishes(out)).toEqual(['tool-use']);
    expect(invariants.violations).toEqual([]);
  });

  it('renumbers blocks contiguously, so the client sees tool indices from 0', () => {
    const { out } = run([begin, ...tool(3), ...tool(7), { type: 'message-delta', stopReason: 'tool-use' }]);
    expect(out.flatMap((part) => ('index' in part && part.index !== undefined ? [part.index] : []))).toEqual([0, 0, 0, 1, 1, 1]);
  });

  it('drops deltas and ends of blocks that never started, and a second message-start', () => {
    const { out, invariants } = run([begin, begin, { type: 'text-delta', index: 5, text: 'orphan' }, { type: 'block-end', index: 5 }, { type: 'message-delta', stopReason: 'end-turn' }]);
    expect(types(out)).toEqual(['message-start', 'message-delta']);
    expect(invariants.violations.map((violation) => violation.rule)).toEqual(['single-message-start', 'end-without-start']);
  });

  it('starts the message itself when a policy sends content first', () => {
    const { out } = run([...text(0, 'hi'), { type: 'message-delta', stopReason: 'end-turn' }, { type: 'message-end' }]);
    expect(out[0]).toEqual({ type: 'message-start', id: 'chatcmpl-fallback', model: 'm' });
  });

  it('ends at an error', () => {
    const { out, invariants } = run([begin, { type: 'error', kind: 'api-error', message: 'boom' }, ...text(0, 'x')]);
    expect(types(out)).toEqual(['message-start', 'error']);
    expect(invariants.isEnded).toBe(true);
  });
});
