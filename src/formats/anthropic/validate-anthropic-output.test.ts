import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateAnthropicBody, validateAnthropicStream } from './validate-anthropic-output.js';

const fixtureDir = new URL('./__fixtures__/', import.meta.url);
const fixtures = readdirSync(fixtureDir).filter((name) => name.endsWith('.sse'));

type Data = Record<string, unknown>;
type Event = readonly [name: string, data: Data];

const sse = (events: readonly Event[]): string => events.map(([name, data]) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`).join('');
const rules = (events: readonly Event[]): string[] => validateAnthropicStream(sse(events)).map((violation) => violation.rule);

const event = (type: string, fields: Data = {}): Event => [type, { type, ...fields }];
const start = event('message_start', {
  message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'm', content: [], stop_reason: null, usage: { input_tokens: 1, output_tokens: 1 } },
});
const blockStart = (index: number, block: Data): Event => event('content_block_start', { index, content_block: block });
const delta = (index: number, value: Data): Event => event('content_block_delta', { index, delta: value });
const blockStop = (index: number): Event => event('content_block_stop', { index });
const text = (index: number, value = 'hi'): Event[] => [
  blockStart(index, { type: 'text', text: '' }),
  delta(index, { type: 'text_delta', text: value }),
  blockStop(index),
];
const tool = (index: number, ...json: string[]): Event[] => [
  blockStart(index, { type: 'tool_use', id: `toolu_${index}`, name: 'Bash', input: {} }),
  ...json.map((partial) => delta(index, { type: 'input_json_delta', partial_json: partial })),
  blockStop(index),
];
const messageDelta = (stopReason: string | null): Event => event('message_delta', { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: 5 } });
const finish = (stopReason: string | null = 'end_turn'): Event[] => [messageDelta(stopReason), event('message_stop')];
const ping = event('ping');
const error = event('error', { error: { type: 'overloaded_error', message: 'Overloaded' } });

describe('validateAnthropicStream', () => {
  it.each(fixtures)('finds nothing wrong with the fixture %s', (name) => {
    expect(validateAnthropicStream(readFileSync(new URL(name, fixtureDir), 'utf8'))).toEqual([]);
  });

  it('accepts pings anywhere before the end, several message_delta events, and an error that ends the stream', () => {
    expect(rules([ping, start, ping, ...text(0), ping, messageDelta(null), messageDelta('end_turn'), event('message_stop')])).toEqual([]);
    expect(rules([start, blockStart(0, { type: 'text', text: '' }), error])).toEqual([]);
  });

  it('says where each violation happened', () => {
    const [violation] = validateAnthropicStream(sse([start, delta(0, { type: 'text_delta', text: 'x' }), ...finish()]));
    expect(violation).toEqual({ rule: 'block-not-open', detail: 'event #1 (content_block_delta): no content block is open at index 0' });
  });

  it('reports an event cut off before its blank line', () => {
    const whole = sse([start, ...text(0), ...finish()]);
    expect(validateAnthropicStream(whole)).toEqual([]);
    // Without the blank line the last event is never dispatched: the client never sees message_stop.
    expect(validateAnthropicStream(whole.slice(0, -1)).map((v) => v.rule)).toEqual(['unterminated-event', 'missing-message-stop']);
  });

  it('reports data that is not JSON, or has no type', () => {
    const text = `${sse([start])}event: ping\ndata: {not json\n\nevent: x\ndata: {"no":"type"}\n\n${sse(finish())}`;
    expect(validateAnthropicStream(text).map((v) => v.rule)).toEqual(['invalid-json', 'missing-type']);
  });

  it('reports an event name that is not the data type, or is missing', () => {
    const renamed: Event = ['content_block_stop', { type: 'ping' }];
    expect(rules([start, renamed, ...finish()])).toEqual(['event-name-mismatch']);
    const unnamed = `data: ${JSON.stringify(start[1])}\n\n${sse(finish())}`;
    expect(validateAnthropicStream(unnamed).map((v) => v.rule)).toEqual(['event-name-mismatch']);
  });

  it('wants message_start first, and once', () => {
    expect(rules([...text(0), start, ...finish()])).toEqual(['message-start-not-first']);
    expect(rules([])).toEqual(['message-start-not-first', 'missing-message-stop']);
    expect(rules([start, start, ...finish()])).toEqual(['duplicate-message-start']);
  });

  it('reports a malformed message_start or content_block_start', () => {
    expect(rules([event('message_start', { message: { type: 'message', role: 'user', content: [] } }), ...finish()])).toEqual(['malformed-event']);
    expect(rules([start, blockStart(0, { text: '' }), ...finish()])).toEqual(['malformed-event']);
  });

  it('wants block indices from 0, contiguous and unique', () => {
    expect(rules([start, ...text(1), ...finish()])).toEqual(['block-index-not-contiguous']);
    expect(rules([start, ...text(0), ...text(0), ...finish()])).toEqual(['block-index-not-contiguous']);
  });

  it('wants deltas and stops only for open blocks', () => {
    expect(rules([start, ...text(0), delta(0, { type: 'text_delta', text: 'late' }), ...finish()])).toEqual(['block-not-open']);
    expect(rules([start, ...text(0), blockStop(0), ...finish()])).toEqual(['block-not-open']);
  });

  it('wants the delta type to fit the block type, letting unknown delta types pass', () => {
    const toolStart = blockStart(0, { type: 'tool_use', id: 'toolu_1', name: 'Bash', input: {} });
    expect(rules([start, toolStart, delta(0, { type: 'text_delta', text: 'x' }), blockStop(0), ...finish('tool_use')])).toEqual(['delta-type-mismatch']);
    const textStart = blockStart(0, { type: 'text', text: '' });
    expect(rules([start, textStart, delta(0, { type: 'thinking_delta', thinking: 'x' }), blockStop(0), ...finish()])).toEqual(['delta-type-mismatch']);
    expect(rules([start, textStart, delta(0, { type: 'citations_delta', citation: {} }), blockStop(0), ...finish()])).toEqual([]);
    expect(rules([start, textStart, delta(0, { type: 'future_delta' }), blockStop(0), ...finish()])).toEqual([]);
    expect(rules([start, textStart, delta(0, { text: 'no type' }), blockStop(0), ...finish()])).toEqual(['malformed-event']);
  });

  it('lets only tool_use blocks follow a tool_use block', () => {
    expect(rules([start, ...tool(0, '{}'), ...text(1), ...finish('tool_use')])).toEqual(['block-after-tool-use']);
    expect(rules([start, ...text(0), ...tool(1, '{}'), ...tool(2, '{}'), ...finish('tool_use')])).toEqual([]);
  });

  it('wants every block closed before message_delta, and none after it', () => {
    expect(rules([start, blockStart(0, { type: 'text', text: '' }), ...finish()])).toEqual(['unclosed-block']);
    expect(rules([start, messageDelta('end_turn'), ...text(0), event('message_stop')])).toEqual([
      'block-after-message-delta',
      'block-after-message-delta',
      'block-after-message-delta',
    ]);
  });

  it('wants message_delta before message_stop, and message_stop at the end', () => {
    expect(rules([start, ...text(0), event('message_stop')])).toEqual(['missing-message-delta']);
    expect(rules([start, ...text(0), messageDelta('end_turn')])).toEqual(['missing-message-stop']);
  });

  it('lets nothing follow message_stop or an error', () => {
    expect(rules([start, ...text(0), ...finish(), ping])).toEqual(['event-after-message-stop']);
    expect(rules([start, error, ...finish()])).toEqual(['event-after-error', 'event-after-error']);
  });

  it('wants a stop_reason by the end', () => {
    expect(rules([start, ...text(0), ...finish(null)])).toEqual(['missing-stop-reason']);
  });

  it('wants stop_reason tool_use exactly when there is a tool_use block, unless the turn was cut short', () => {
    expect(rules([start, ...text(0), ...finish('tool_use')])).toEqual(['stop-reason-mismatch']);
    expect(rules([start, ...tool(0, '{}'), ...finish('end_turn')])).toEqual(['stop-reason-mismatch']);
    expect(rules([start, ...tool(0, '{}'), ...finish('max_tokens')])).toEqual([]);
  });

  it('wants each tool input to be a JSON object, an empty one allowed', () => {
    expect(rules([start, ...tool(0, '{"a":', '1'), ...finish('tool_use')])).toEqual(['tool-input-json']);
    expect(rules([start, ...tool(0, '[1]'), ...finish('tool_use')])).toEqual(['tool-input-json']);
    expect(rules([start, ...tool(0, ''), ...tool(1), ...finish('tool_use')])).toEqual([]);
  });

  it('lets only the last tool input be unfinished when max_tokens cut it off', () => {
    expect(rules([start, ...tool(0, '{"a":'), ...finish('max_tokens')])).toEqual([]);
    expect(rules([start, ...tool(0, '{"a":'), ...tool(1, '{}'), ...finish('max_tokens')])).toEqual(['tool-input-json']);
  });
});

const body = (fields: Data = {}): Data => ({
  id: 'msg_1',
  type: 'message',
  role: 'assistant',
  model: 'm',
  content: [
    { type: 'thinking', thinking: 'hmm', signature: 'sig' },
    { type: 'text', text: 'Checking.', citations: null },
    { type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'ls' } },
  ],
  stop_reason: 'tool_use',
  stop_sequence: null,
  usage: { input_tokens: 10, output_tokens: 5 },
  ...fields,
});
const bodyRules = (value: unknown): string[] => validateAnthropicBody(value).map((violation) => violation.rule);

describe('validateAnthropicBody', () => {
  it('finds nothing wrong with a well-formed message, unknown block types included', () => {
    expect(bodyRules(body())).toEqual([]);
    const content = [{ type: 'text', text: 'x' }, { type: 'future_block', anything: 1 }, { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [] }];
    expect(bodyRules(body({ content, stop_reason: 'end_turn' }))).toEqual([]);
  });

  it('reports a body that is not an object', () => {
    expect(bodyRules('nope')).toEqual(['malformed-body']);
  });

  it('wants type message, role assistant, usage and a content array', () => {
    expect(bodyRules(body({ type: 'completion' }))).toEqual(['wrong-type']);
    expect(bodyRules(body({ role: 'user' }))).toEqual(['wrong-role']);
    expect(bodyRules(body({ usage: undefined }))).toEqual(['missing-usage']);
    expect(bodyRules(body({ content: 'text' }))).toEqual(['missing-content']);
  });

  it('wants known blocks in their documented shape', () => {
    const content = [
      { type: 'text' },
      { type: 'thinking', thinking: 'x' },
      { type: 'redacted_thinking' },
      { type: 'tool_use', id: 'toolu_1', name: 'Bash', input: 'ls' },
      { type: 'web_search_tool_result' },
      { text: 'no type' },
      'not a block',
    ];
    expect(bodyRules(body({ content }))).toEqual(Array(7).fill('malformed-block'));
  });

  it('wants tool_use ids unique', () => {
    const call = { type: 'tool_use', id: 'toolu_1', name: 'Bash', input: {} };
    expect(bodyRules(body({ content: [call, call] }))).toEqual(['duplicate-tool-use-id']);
  });

  it('wants a stop_reason consistent with the tool_use blocks', () => {
    expect(bodyRules(body({ stop_reason: null }))).toEqual(['missing-stop-reason']);
    expect(bodyRules(body({ stop_reason: 'end_turn' }))).toEqual(['stop-reason-mismatch']);
    expect(bodyRules(body({ content: [{ type: 'text', text: 'x' }] }))).toEqual(['stop-reason-mismatch']);
    expect(bodyRules(body({ stop_reason: 'max_tokens' }))).toEqual([]);
  });
});
