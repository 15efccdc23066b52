import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../core/json.js';
import type { StreamPart } from '../../core/stream-part.js';
import { OpenAIResponsesInvariants } from './openai-responses-invariants.js';
import { OpenAIResponsesStreamDecoder } from './openai-responses-stream-decoder.js';
import { OpenAIResponsesStreamEncoder } from './openai-responses-stream-encoder.js';
import { relayStream } from '../../../test/helpers/relay-stream.js';
import { openaiResponsesCodec } from './openai-responses-codec.js';
import { validateOpenAIResponsesStream } from './validate-openai-responses-output.js';

function run(parts: readonly StreamPart[]): { out: StreamPart[]; events: JsonObject[]; invariants: OpenAIResponsesInvariants } {
  const invariants = new OpenAIResponsesInvariants({ id: 'resp_fallback', model: 'gpt-test' });
  const encoder = new OpenAIResponsesStreamEncoder();
  const out = parts.flatMap((part) => invariants.apply(part));
  const text = out.map((part) => encoder.encode(part)).join('') + encoder.flush();
  const events = text
    .split('\n\n')
    .filter((event) => event !== '')
    .map((event) => JSON.parse(event.slice(event.indexOf('data: ') + 6)) as JsonObject);
  return { out, events, invariants };
}

const begin: StreamPart = { type: 'message-start', id: 'resp_1', model: 'gpt-test' };
const text = (index: number, value: string): StreamPart[] => [
  { type: 'block-start', index, kind: 'text' },
  { type: 'text-delta', index, text: value },
  { type: 'block-end', index },
];
const call = (index: number): StreamPart[] => [
  { type: 'block-start', index, kind: 'tool-call', id: `call_${index}`, name: 'exec_command' },
  { type: 'tool-input-delta', index, json: '{"cmd":"ls"}' },
  { type: 'block-end', index },
];
const finish = (stopReason: 'tool-use' | 'end-turn'): StreamPart[] => [
  { type: 'message-delta', stopReason, usage: { inputTokens: 10, outputTokens: 5 } },
  { type: 'message-end' },
];

const types = (events: JsonObject[]) => events.map((event) => event.type);
const stopOf = (out: StreamPart[]) => out.find((part) => part.type === 'message-delta');

describe('OpenAIResponsesInvariants', () => {
  it('numbers items contiguously and says end-turn once no tool call remains (usage kept)', () => {
    // A policy removed the tool call at block 0: the text at block 1 becomes output 0.
    const { out, events, invariants } = run([begin, ...text(1, 'only text'), ...finish('tool-use')]);
    expect(out.flatMap((part) => ('index' in part && part.index !== undefined ? [part.index] : []))).toEqual([0, 0, 0]);
    expect(stopOf(out)).toMatchObject({ stopReason: 'end-turn', usage: { inputTokens: 10, outputTokens: 5 } });
    expect(invariants.violations.map((violation) => violation.rule)).toEqual(['tool-use-without-tool-call']);
    const completed = events.at(-1) as JsonObject;
    expect(completed).toMatchObject({ type: 'response.completed', response: { status: 'completed', usage: { input_tokens: 10, output_tokens: 5, total_tokens: 15 } } });
  });

  it('says tool-use while a tool call remains, and when a policy added one', () => {
    expect(stopOf(run([begin, ...call(0), ...call(1), ...finish('tool-use')]).out)).toMatchObject({ stopReason: 'tool-use' });
    expect(stopOf(run([begin, ...text(0, 'a'), ...call(1), ...finish('end-turn')]).out)).toMatchObject({ stopReason: 'tool-use' });
  });

  it('allows text after a tool call (Responses has no ordering rule)', () => {
    const { out } = run([begin, ...call(0), ...text(1, 'commentary'), ...finish('tool-use')]);
    expect(out.filter((part) => part.type === 'block-start')).toHaveLength(2);
  });

  it('closes open items and completes the response when the end comes early', () => {
    const { events } = run([begin, { type: 'block-start', index: 0, kind: 'text' }, { type: 'text-delta', index: 0, text: 'x' }, { type: 'message-end' }]);
    expect(types(events)).toEqual([
      'response.created',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((event) => event.sequence_number)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('lets nothing follow the completion, and one response.created only', () => {
    const { events, invariants } = run([
      begin,
      begin,
      ...text(0, 'a'),
      { type: 'message-delta', stopReason: 'end-turn' },
      ...text(1, 'late'),
      { type: 'message-delta', stopReason: 'end-turn' },
      { type: 'message-end' },
      ...text(2, 'after the end'),
      { type: 'error', kind: 'api-error', message: 'late' },
    ]);
    expect(types(events).filter((type) => type === 'response.created' || type === 'response.completed')).toEqual(['response.created', 'response.completed']);
    expect(types(events)).not.toContain('response.failed');
    expect(invariants.violations.map((violation) => violation.rule)).toEqual(
      expect.arrayContaining(['single-response-created', 'content-after-completion', 'single-completion', 'after-end']) as unknown,
    );
  });

  it('ends the stream at an error', () => {
    const { events, invariants } = run([begin, ...text(0, 'a'), { type: 'error', kind: 'overloaded', message: 'busy' }, ...finish('end-turn')]);
    expect(events.at(-1)).toMatchObject({ type: 'response.failed', response: { status: 'failed', error: { code: 'server_is_overloaded', message: 'busy' } } });
    expect(invariants.isEnded).toBe(true);
  });

  it('relays the upstream error event and the response.failed after it, as the API sends them', () => {
    const response = { id: 'resp_1', object: 'response', status: 'in_progress', model: 'm', output: [] };
    const events = [
      { type: 'response.created', sequence_number: 0, response },
      { type: 'error', sequence_number: 1, error: { type: 'server_error', code: 'server_error', message: 'boom', param: null } },
      { type: 'response.failed', sequence_number: 2, response: { ...response, status: 'failed', error: { code: 'server_error', message: 'boom' } } },
    ];
    const sse = (list: readonly JsonObject[]) => list.map((event) => `event: ${String(event.type)}\ndata: ${JSON.stringify(event)}\n\n`).join('');
    const both = relayStream(openaiResponsesCodec, [Buffer.from(sse(events))]);
    expect(both.text).toBe(sse(events));
    expect(both.violations).toEqual([]);
    expect(validateOpenAIResponsesStream(both.text)).toEqual([]);
    // Without its response.failed, the error alone ends the stream, and nothing else may follow it.
    const invariants = new OpenAIResponsesInvariants();
    const lone = new OpenAIResponsesStreamDecoder().push(Buffer.from(sse(events.slice(0, 2))));
    expect(lone.flatMap((part) => invariants.apply(part))).toHaveLength(2);
    expect(invariants.isEnded).toBe(true);
    expect(invariants.apply({ type: 'error', kind: 'api-error', message: 'ours' })).toEqual([]);
    expect(validateOpenAIResponsesStream(sse(events.slice(0, 2)))).toEqual([]);
  });

  it.each(['text.sse', 'unknown-event.sse', 'custom-tool-call.sse'])('%s: events before response.created wait for the one made when a policy dropped it', (name) => {
    const bytes = readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url));
    const relayed = relayStream(openaiResponsesCodec, [bytes], (part) => (part.type === 'message-start' ? [] : [part]));
    expect(validateOpenAIResponsesStream(relayed.text)).toEqual([]);
    expect(relayed.text.startsWith('event: response.created\n')).toBe(true);
    // Every event that repeats the response names it as response.created did.
    const ids = [...relayed.text.matchAll(/"response":\{"id":"([^"]+)"/g)].map((match) => match[1]);
    expect(new Set(ids)).toEqual(new Set(['fallback']));
  });

  it('keeps the upstream order of events it sent before its own response.created', () => {
    const early: StreamPart = { type: 'passthrough', event: 'response.in_progress' };
    const invariants = new OpenAIResponsesInvariants();
    expect(invariants.apply(early)).toEqual([]);
    expect(invariants.apply(begin)).toEqual([early, begin]);
  });

  it('drops the deltas, passthroughs and ends of blocks that never started', () => {
    const { events } = run([
      begin,
      { type: 'text-delta', index: 5, text: 'orphan' },
      { type: 'passthrough', event: 'response.output_text.done', index: 5 },
      { type: 'block-end', index: 5 },
      ...finish('end-turn'),
    ]);
    expect(types(events)).toEqual(['response.created', 'response.completed']);
  });

  it('creates the response itself when a policy sends content first', () => {
    const { events } = run([...text(0, 'hi'), ...finish('end-turn')]);
    expect(events[0]).toMatchObject({ type: 'response.created', sequence_number: 0, response: { id: 'resp_fallback', model: 'gpt-test', status: 'in_progress' } });
    expect(events.at(-1)).toMatchObject({ response: { id: 'resp_fallback', status: 'completed', output: [{ type: 'message', content: [{ text: 'hi' }] }] } });
  });

  it('returns untouched parts as the same objects', () => {
    const bytes = readFileSync(new URL('./__fixtures__/reasoning-text.sse', import.meta.url));
    const parts = new OpenAIResponsesStreamDecoder().push(bytes);
    const invariants = new OpenAIResponsesInvariants();
    const out = parts.flatMap((part) => invariants.apply(part));
    expect(out).toHaveLength(parts.length);
    // The same objects; a content's closing events wait for the end of their item, which in this
    // stream moves them past the reasoning signature only (itself written at the item's end).
    expect(new Set(out)).toEqual(new Set(parts));
    const events = (list: readonly StreamPart[]) => list.filter((part) => part.type !== 'signature-delta');
    events(out).forEach((part, i) => expect(part).toBe(events(parts)[i]));
    expect(invariants.violations).toEqual([]);
  });

  it('holds a content’s closing events back to the end of its item, so text released late stays inside', () => {
    const bytes = readFileSync(new URL('./__fixtures__/text.sse', import.meta.url));
    const parts = new OpenAIResponsesStreamDecoder().push(bytes);
    const invariants = new OpenAIResponsesInvariants();
    const lateIndex = parts.findIndex((part) => part.type === 'block-end');
    const late: StreamPart = { type: 'text-delta', index: (parts[lateIndex] as { index: number }).index, text: ' (late)' };
    const out = [...parts.slice(0, lateIndex), late, ...parts.slice(lateIndex)].flatMap((part) => invariants.apply(part));
    const at = out.indexOf(late);
    const closers = out.flatMap((part, i) => (part.type === 'passthrough' && part.event.endsWith('.done') ? [i] : []));
    expect(closers.length).toBeGreaterThan(0);
    expect(closers.every((i) => i > at)).toBe(true);
    expect(invariants.violations).toEqual([]);
  });
});
