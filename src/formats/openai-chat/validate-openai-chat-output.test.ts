import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateOpenAIChatBody, validateOpenAIChatStream } from './validate-openai-chat-output.js';

const fixtureDir = new URL('./__fixtures__/', import.meta.url);
const fixtures = readdirSync(fixtureDir).filter((name) => name.endsWith('.sse'));

type Data = Record<string, unknown>;

const DONE = '[DONE]';
const sse = (events: readonly (Data | string)[]): string =>
  events.map((data) => `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`).join('');
const rules = (events: readonly (Data | string)[]): string[] => validateOpenAIChatStream(sse(events)).map((violation) => violation.rule);

const chunk = (choices: unknown[], fields: Data = {}): Data => ({
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'm',
  choices,
  ...fields,
});
const choice = (delta: Data, finishReason: string | null = null, index = 0): Data => ({ index, delta, finish_reason: finishReason });
const say = (content: string, index = 0): Data => chunk([choice({ content }, null, index)]);
const finish = (reason = 'stop', index = 0): Data => chunk([choice({}, reason, index)]);
const call = (index: number, fields: Data): Data => chunk([choice({ tool_calls: [{ index, ...fields }] })]);
const startCall = (index: number, args = ''): Data =>
  call(index, { id: `call_${index}`, type: 'function', function: { name: 'get_weather', arguments: args } });
const moreArgs = (index: number, args: string): Data => call(index, { function: { arguments: args } });
const usage = chunk([], { usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } });
const error = { error: { message: 'boom', type: 'server_error', param: null, code: null } };

describe('validateOpenAIChatStream', () => {
  it.each(fixtures)('finds nothing wrong with the fixture %s', (name) => {
    expect(validateOpenAIChatStream(readFileSync(new URL(name, fixtureDir), 'utf8'))).toEqual([]);
  });

  it('says where each violation happened', () => {
    const [violation] = validateOpenAIChatStream(sse([say('a'), finish(), say('b'), DONE]));
    expect(violation).toEqual({ rule: 'delta-after-finish', detail: 'event #2: choice 0 has content after its finish_reason stop' });
  });

  it('reports an event cut off before its blank line', () => {
    const whole = sse([say('a'), finish(), DONE]);
    expect(validateOpenAIChatStream(whole.slice(0, -1)).map((v) => v.rule)).toEqual(['unterminated-event', 'missing-done']);
  });

  it('allows data lines and comments only', () => {
    expect(validateOpenAIChatStream(`: hello\n\n${sse([say('a'), finish(), DONE])}`)).toEqual([]);
    expect(validateOpenAIChatStream(`event: chunk\n${sse([say('a'), finish(), DONE])}`).map((v) => v.rule)).toEqual(['non-data-line']);
  });

  it('wants JSON chunk objects with the same id throughout', () => {
    expect(rules([say('a'), '{oops', finish(), DONE])).toEqual(['invalid-json']);
    expect(rules([say('a'), { ...finish(), object: 'chat.completion' }, DONE])).toEqual(['wrong-object']);
    expect(rules([say('a'), { ...finish(), id: 'chatcmpl-2' }, DONE])).toEqual(['id-changed']);
    expect(rules([say('a'), { ...finish(), choices: null }, finish(), DONE])).toEqual(['malformed-chunk']);
    expect(rules([say('a'), chunk([{ delta: {} }]), finish(), DONE])).toEqual(['malformed-chunk']);
  });

  it('wants [DONE] last', () => {
    expect(rules([say('a'), finish()])).toEqual(['missing-done']);
    expect(rules([say('a'), finish(), DONE, say('b')])).toEqual(['event-after-done']);
    expect(rules([say('a'), finish(), DONE, DONE])).toEqual(['event-after-done']);
  });

  it('lets an error object end the stream, with or without [DONE], and nothing else follow it', () => {
    expect(rules([say('a'), error])).toEqual([]);
    expect(rules([say('a'), error, DONE])).toEqual([]);
    expect(rules([say('a'), error, finish(), DONE])).toEqual(['event-after-error']);
  });

  it('wants one finish_reason per choice, and no content after it', () => {
    expect(rules([say('a'), finish(), finish(), DONE])).toEqual(['finish-reason-repeated']);
    expect(rules([say('a'), finish(), chunk([choice({ tool_calls: [{ index: 0, id: 'c', function: { name: 'f' } }] })]), DONE])).toEqual([
      'delta-after-finish',
    ]);
    expect(rules([say('a'), say('b', 1), finish(), DONE])).toEqual(['missing-finish-reason']);
    // An empty string with the role (as OpenRouter sends after finishing) adds nothing.
    expect(rules([say('a'), finish(), chunk([choice({ role: 'assistant', content: '' })]), DONE])).toEqual([]);
  });

  it('wants the usage chunk after every choice finished, and last', () => {
    expect(rules([say('a'), say('b', 1), finish('stop', 0), usage, finish('stop', 1), DONE])).toEqual(['usage-before-finish', 'chunk-after-usage']);
    expect(rules([say('a'), finish(), usage, DONE])).toEqual([]);
    // An empty chunk without usage (Azure's prompt filter results) may come first.
    expect(rules([chunk([], { prompt_filter_results: [] }), say('a'), finish(), DONE])).toEqual([]);
  });

  it('wants each tool call to start with an id and a name, numbered from 0', () => {
    expect(rules([moreArgs(0, '{}'), finish('tool_calls'), DONE])).toEqual(['tool-call-missing-id']);
    expect(rules([startCall(1, '{}'), finish('tool_calls'), DONE])).toEqual(['tool-call-index-not-contiguous']);
    expect(rules([chunk([choice({ tool_calls: [{ id: 'x' }] })]), finish(), DONE])).toEqual(['malformed-chunk']);
  });

  it('wants each function call to have JSON arguments, except the last one cut off by length', () => {
    expect(rules([startCall(0), moreArgs(0, '{"city":'), finish('tool_calls'), DONE])).toEqual(['tool-call-arguments-json']);
    expect(rules([startCall(0, '{}'), startCall(1), moreArgs(1, '{"city":'), finish('length'), DONE])).toEqual([]);
    expect(rules([startCall(0, '{"a":'), startCall(1, '{}'), finish('length'), DONE])).toEqual(['tool-call-arguments-json']);
    const custom = call(0, { id: 'call_0', type: 'custom', custom: { name: 'exec', input: 'ls -la' } });
    expect(rules([custom, finish('tool_calls'), DONE])).toEqual([]);
  });

  it('wants finish_reason tool_calls exactly when the choice called tools', () => {
    expect(rules([say('a'), finish('tool_calls'), DONE])).toEqual(['stop-reason-mismatch']);
    expect(rules([startCall(0, '{}'), finish('stop'), DONE])).toEqual(['stop-reason-mismatch']);
    expect(rules([startCall(0, '{}'), finish('content_filter'), DONE])).toEqual([]);
  });

  it('judges the deprecated function_call the same way', () => {
    const legacy = (args: string): Data => chunk([choice({ role: 'assistant', function_call: { name: 'f', arguments: args } })]);
    expect(rules([legacy('{}'), finish('function_call'), DONE])).toEqual([]);
    expect(rules([legacy('{'), finish('function_call'), DONE])).toEqual(['tool-call-arguments-json']);
    expect(rules([legacy('{}'), finish('stop'), DONE])).toEqual(['stop-reason-mismatch']);
    expect(rules([say('a'), finish('function_call'), DONE])).toEqual(['stop-reason-mismatch']);
  });
});

const body = (message: Data = { role: 'assistant', content: 'Hi' }, finishReason: unknown = 'stop', fields: Data = {}): Data => ({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'm',
  choices: [{ index: 0, message, finish_reason: finishReason, logprobs: null }],
  usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  ...fields,
});
const toolMessage = (...args: unknown[]): Data => ({
  role: 'assistant',
  content: null,
  tool_calls: args.map((value, index) => ({ id: `call_${index}`, type: 'function', function: { name: 'f', arguments: value } })),
});
const bodyRules = (value: unknown): string[] => validateOpenAIChatBody(value).map((violation) => violation.rule);

describe('validateOpenAIChatBody', () => {
  it('finds nothing wrong with well-formed completions', () => {
    expect(bodyRules(body())).toEqual([]);
    expect(bodyRules(body(toolMessage('{"city":"Paris"}', '{}'), 'tool_calls'))).toEqual([]);
    const custom = { role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'custom', custom: { name: 'exec', input: 'ls' } }] };
    expect(bodyRules(body(custom, 'tool_calls'))).toEqual([]);
  });

  it('wants a chat.completion object with a choices array', () => {
    expect(bodyRules([])).toEqual(['malformed-body']);
    expect(bodyRules(body(undefined, 'stop', { object: 'chat.completion.chunk' }))).toEqual(['wrong-object']);
    expect(bodyRules(body(undefined, 'stop', { choices: undefined }))).toEqual(['missing-choices']);
    expect(bodyRules(body(undefined, 'stop', { choices: [7] }))).toEqual(['malformed-body']);
  });

  it('wants assistant messages with a finish_reason', () => {
    expect(bodyRules(body({ role: 'user', content: 'Hi' }))).toEqual(['wrong-role']);
    expect(bodyRules(body(undefined, null))).toEqual(['missing-finish-reason']);
  });

  it('wants tool calls with ids and names, and arguments that are JSON strings', () => {
    expect(bodyRules(body({ role: 'assistant', tool_calls: [{ type: 'function', function: { name: 'f', arguments: '{}' } }] }, 'tool_calls'))).toEqual([
      'tool-call-missing-id',
    ]);
    expect(bodyRules(body({ role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { arguments: '{}' } }] }, 'tool_calls'))).toEqual([
      'tool-call-missing-id',
    ]);
    expect(bodyRules(body(toolMessage({ city: 'Paris' }), 'tool_calls'))).toEqual(['tool-call-arguments-json']);
    expect(bodyRules(body(toolMessage('{"city":'), 'tool_calls'))).toEqual(['tool-call-arguments-json']);
    expect(bodyRules(body(toolMessage('{}', '{"city":'), 'length'))).toEqual([]);
    expect(bodyRules(body({ role: 'assistant', function_call: { name: 'f', arguments: '{' } }, 'function_call'))).toEqual(['tool-call-arguments-json']);
  });

  it('wants finish_reason tool_calls exactly when the message calls tools', () => {
    expect(bodyRules(body(toolMessage('{}'), 'stop'))).toEqual(['stop-reason-mismatch']);
    expect(bodyRules(body(undefined, 'tool_calls'))).toEqual(['stop-reason-mismatch']);
  });
});
