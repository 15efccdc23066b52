import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../core/stream-part.js';
import { relayStream } from '../../../test/helpers/relay-stream.js';
import { anthropicCodec } from './anthropic-codec.js';
import { AnthropicInvariants } from './anthropic-invariants.js';
import { anthropicEventData } from './encode-anthropic-event.js';
import { validateAnthropicStream } from './validate-anthropic-output.js';

function run(parts: readonly StreamPart[]): { events: Record<string, unknown>[]; invariants: AnthropicInvariants } {
  const invariants = new AnthropicInvariants({ id: 'msg_fallback', model: 'm' });
  const events = parts
    .flatMap((part) => invariants.apply(part))
    .map((part) => anthropicEventData(part, undefined) as Record<string, unknown>);
  return { events, invariants };
}

const begin: StreamPart = { type: 'message-start', id: 'msg_1', model: 'm' };
const text = (index: number, value: string): StreamPart[] => [
  { type: 'block-start', index, kind: 'text' },
  { type: 'text-delta', index, text: value },
  { type: 'block-end', index },
];
const tool = (index: number): StreamPart[] => [
  { type: 'block-start', index, kind: 'tool-call', id: `toolu_${index}`, name: 'Bash' },
  { type: 'tool-input-delta', index, json: '{}' },
  { type: 'block-end', index },
];
const finish = (stopReason: 'tool-use' | 'end-turn'): StreamPart[] => [
  { type: 'message-delta', stopReason, stopSequence: null },
  { type: 'message-end' },
];

const types = (events: Record<string, unknown>[]) => events.map((event) => event.type);
const indices = (events: Record<string, unknown>[]) => events.flatMap((event) => (typeof event.index === 'number' ? [event.index] : []));
const stopReason = (events: Record<string, unknown>[]) =>
  (events.find((event) => event.type === 'message_delta')?.delta as { stop_reason?: unknown } | undefined)?.stop_reason;

describe('AnthropicInvariants', () => {
  it('drops text that follows a tool_use block, keeping the tool call', () => {
    const { events, invariants } = run([begin, ...text(0, 'a'), ...tool(1), ...text(2, 'after'), ...finish('tool-use')]);
    expect(indices(events)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(stopReason(events)).toBe('tool_use');
    expect(invariants.violations.map((v) => v.rule)).toEqual(['only-tool-calls-after-tool-call']);
  });

  it('renumbers blocks contiguously and says end_turn when no tool call remains', () => {
    // A policy removed the tool call at index 0: the text at index 1 becomes block 0.
    const { events } = run([begin, ...text(1, 'only text'), ...finish('tool-use')]);
    expect(indices(events)).toEqual([0, 0, 0]);
    expect(stopReason(events)).toBe('end_turn');
  });

  it('keeps stop_reason tool_use while a tool call remains', () => {
    const { events } = run([begin, ...tool(0), ...tool(1), ...finish('tool-use')]);
    expect(stopReason(events)).toBe('tool_use');
  });

  it('says tool_use when a policy added a tool call before an end_turn', () => {
    const { events, invariants } = run([begin, ...text(0, 'a'), ...tool(1), ...finish('end-turn')]);
    expect(stopReason(events)).toBe('tool_use');
    expect(invariants.violations).toEqual([]);
    // Other reasons say something a tool call does not change.
    const cut = run([begin, ...tool(0), { type: 'message-delta', stopReason: 'max-tokens', stopSequence: null }, { type: 'message-end' }]);
    expect(stopReason(cut.events)).toBe('max_tokens');
  });

  it('keeps events that come before message_start until the start a policy dropped is made again', () => {
    const bytes = readFileSync(new URL('./__fixtures__/unknown-event.sse', import.meta.url));
    const { text: out, violations } = relayStream(anthropicCodec, [bytes], (part) => (part.type === 'message-start' ? [] : [part]));
    expect(validateAnthropicStream(out)).toEqual([]);
    expect(violations).toEqual([]);
    const names = [...out.matchAll(/^event: (.+)$/gm)].map((match) => match[1]);
    expect(names.slice(0, 3)).toEqual(['message_start', 'luthien_future_event', 'content_block_start']);
    expect(out).toContain('"id":"fallback"');
  });

  it('keeps the upstream order of events it sent before its own message_start', () => {
    const ping: StreamPart = { type: 'passthrough', event: 'ping' };
    const invariants = new AnthropicInvariants();
    expect(invariants.apply(ping)).toEqual([]);
    expect(invariants.apply(begin)).toEqual([ping, begin]);
    // Before an error that comes first, they go out as they came.
    const failing = new AnthropicInvariants();
    const error: StreamPart = { type: 'error', kind: 'overloaded', message: 'busy' };
    failing.apply(ping);
    expect(failing.apply(error)).toEqual([ping, error]);
  });

  it('closes open blocks and adds the missing message_delta before message_stop', () => {
    const { events } = run([begin, { type: 'block-start', index: 0, kind: 'text' }, { type: 'text-delta', index: 0, text: 'x' }, { type: 'message-end' }]);
    expect(types(events)).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
    expect(stopReason(events)).toBe('end_turn');
  });

  it('lets nothing follow message_delta or message_stop, and one message_start only', () => {
    const { events, invariants } = run([
      begin,
      begin,
      ...text(0, 'a'),
      { type: 'message-delta', stopReason: 'end-turn', stopSequence: null },
      ...text(1, 'late'),
      { type: 'message-delta', stopReason: 'end-turn', stopSequence: null },
      { type: 'message-end' },
      ...text(2, 'after the end'),
    ]);
    expect(types(events)).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
    expect(invariants.violations.length).toBeGreaterThanOrEqual(4);
  });

  it('drops deltas and stops of blocks that never started', () => {
    const { events } = run([begin, { type: 'text-delta', index: 5, text: 'orphan' }, { type: 'block-end', index: 5 }, ...finish('end-turn')]);
    expect(types(events)).toEqual(['message_start', 'message_delta', 'message_stop']);
  });

  it('starts the message itself when a policy sends content first', () => {
    const { events } = run([...text(0, 'hi'), ...finish('end-turn')]);
    expect(events[0]).toMatchObject({ type: 'message_start', message: { id: 'msg_fallback', model: 'm' } });
  });

  it('returns untouched parts as the same objects', () => {
    const parts = [begin, ...text(0, 'a'), ...finish('end-turn')];
    const invariants = new AnthropicInvariants();
    const out = parts.flatMap((part) => invariants.apply(part));
    expect(out).toHaveLength(parts.length);
    out.forEach((part, i) => expect(part).toBe(parts[i]));
  });
});
