import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateOpenAIResponsesBody, validateOpenAIResponsesStream } from './validate-openai-responses-output.js';

const fixtureDir = new URL('./__fixtures__/', import.meta.url);
const fixtures = readdirSync(fixtureDir).filter((name) => name.endsWith('.sse'));

type Data = Record<string, unknown>;

/** Events as SSE, numbered from 0 unless an event brings its own sequence_number. */
const sse = (events: readonly Data[]): string =>
  events
    .map((data, index): Data => ({ sequence_number: index, ...data }))
    .map((data) => `event: ${String(data.type)}\ndata: ${JSON.stringify(data)}\n\n`)
    .join('');
const rules = (events: readonly Data[]): string[] => validateOpenAIResponsesStream(sse(events)).map((violation) => violation.rule);

const response = (status: string, output: unknown[] = []): Data => ({ id: 'resp_1', object: 'response', created_at: 1, status, model: 'm', output });
const created: Data = { type: 'response.created', response: response('in_progress') };
const messageItem = (id: string, text?: string): Data => ({
  id,
  type: 'message',
  status: text === undefined ? 'in_progress' : 'completed',
  role: 'assistant',
  content: text === undefined ? [] : [{ type: 'output_text', annotations: [], text }],
});
const callItem = (id: string, args?: string): Data => ({
  id,
  type: 'function_call',
  status: args === undefined ? 'in_progress' : 'completed',
  call_id: `call_${id}`,
  name: 'exec',
  arguments: args ?? '',
});
const added = (index: number, item: Data): Data => ({ type: 'response.output_item.added', output_index: index, item });
const done = (index: number, item: Data): Data => ({ type: 'response.output_item.done', output_index: index, item });
const scoped = (type: string, index: number, id: string, fields: Data = {}): Data => ({ type, output_index: index, item_id: id, ...fields });
const part = (suffix: 'added' | 'done', index: number, id: string, text = '', contentIndex = 0): Data =>
  scoped(`response.content_part.${suffix}`, index, id, { content_index: contentIndex, part: { type: 'output_text', annotations: [], text } });
const textDelta = (index: number, id: string, delta: string, contentIndex = 0): Data =>
  scoped('response.output_text.delta', index, id, { content_index: contentIndex, delta });
const textDone = (index: number, id: string, text: string, contentIndex = 0): Data =>
  scoped('response.output_text.done', index, id, { content_index: contentIndex, text });
const argsDelta = (index: number, id: string, delta: string): Data => scoped('response.function_call_arguments.delta', index, id, { delta });
const argsDone = (index: number, id: string, args: string): Data => scoped('response.function_call_arguments.done', index, id, { arguments: args });

/** A whole message item streamed as `pieces`. */
const message = (index: number, id: string, ...pieces: string[]): Data[] => [
  added(index, messageItem(id)),
  part('added', index, id),
  ...pieces.map((piece) => textDelta(index, id, piece)),
  textDone(index, id, pieces.join('')),
  part('done', index, id, pieces.join('')),
  done(index, messageItem(id, pieces.join(''))),
];
/** A whole function call item streamed as `pieces`. */
const functionCall = (index: number, id: string, ...pieces: string[]): Data[] => [
  added(index, callItem(id)),
  ...pieces.map((piece) => argsDelta(index, id, piece)),
  argsDone(index, id, pieces.join('')),
  done(index, callItem(id, pieces.join(''))),
];
const terminal = (kind: 'completed' | 'incomplete' | 'failed', output: unknown[]): Data => ({
  type: `response.${kind}`,
  response: response(kind, output),
});
const completed = (...output: unknown[]): Data => terminal('completed', output);
const msg = messageItem('msg_1', 'Hi there');
const hello = message(0, 'msg_1', 'Hi', ' there');
const error: Data = { type: 'error', code: 'server_error', message: 'boom', param: null };

describe('validateOpenAIResponsesStream', () => {
  it.each(fixtures)('finds nothing wrong with the fixture %s', (name) => {
    expect(validateOpenAIResponsesStream(readFileSync(new URL(name, fixtureDir), 'utf8'))).toEqual([]);
  });

  it('finds nothing wrong with the hand-made streams the other tests break', () => {
    expect(rules([created, ...hello, completed(msg)])).toEqual([]);
    expect(rules([created, ...hello, ...functionCall(1, 'fc_1', '{"a":', '1}'), completed(msg, callItem('fc_1', '{"a":1}'))])).toEqual([]);
  });

  it('says where each violation happened', () => {
    const [violation] = validateOpenAIResponsesStream(sse([created, textDelta(0, 'msg_1', 'x'), completed()]));
    expect(violation).toEqual({ rule: 'item-not-open', detail: 'event #1 (response.output_text.delta): no item was added at output_index 0' });
  });

  it('reports an event cut off before its blank line', () => {
    const text = sse([created, ...hello, completed(msg)]);
    expect(validateOpenAIResponsesStream(text.slice(0, -1)).map((v) => v.rule)).toEqual(['unterminated-event', 'missing-terminal']);
  });

  it('reports data that is not JSON, has no type, or is under another event name', () => {
    // The unreadable event is taken to have had sequence_number 1.
    const broken = `event: response.in_progress\ndata: {oops\n\nevent: x\ndata: {"sequence_number":2}\n\n`;
    const text = sse([created]) + broken + sse([{ ...completed(), sequence_number: 3 }]);
    expect(validateOpenAIResponsesStream(text).map((v) => v.rule)).toEqual(['invalid-json', 'missing-type']);
    const renamed = sse([created]).replace('event: response.created', 'event: response.in_progress') + sse([{ ...completed(), sequence_number: 1 }]);
    expect(validateOpenAIResponsesStream(renamed).map((v) => v.rule)).toEqual(['event-name-mismatch']);
  });

  it('wants sequence_number from 0, one more each event', () => {
    expect(rules([{ ...created, sequence_number: 1 }, { ...completed(), sequence_number: 2 }])).toEqual(['bad-sequence-number']);
    expect(rules([created, { ...completed(), sequence_number: 5 }])).toEqual(['bad-sequence-number']);
    expect(rules([created, { ...completed(), sequence_number: undefined }])).toEqual(['bad-sequence-number']);
  });

  it('wants response.created first and only first', () => {
    expect(rules([...hello, completed(msg)]).slice(0, 1)).toEqual(['created-not-first']);
    expect(rules([created, created, completed()])).toEqual(['created-not-first']);
    expect(rules([])).toEqual(['created-not-first', 'missing-terminal']);
  });

  it('wants exactly one terminal event, last', () => {
    expect(rules([created, ...hello])).toEqual(['missing-terminal']);
    expect(rules([created, ...hello, completed(msg), completed(msg)])).toEqual(['event-after-terminal']);
    expect(rules([created, terminal('incomplete', []), { type: 'response.in_progress', response: response('in_progress') }])).toEqual(['event-after-terminal']);
  });

  it('lets an error end the stream, alone or just before response.failed', () => {
    expect(rules([created, added(0, messageItem('msg_1')), error])).toEqual([]);
    expect(rules([created, added(0, messageItem('msg_1')), error, terminal('failed', [])])).toEqual([]);
    expect(rules([created, error, ...hello, completed(msg)])).toContain('event-after-error');
  });

  it('wants the terminal status to match the event', () => {
    expect(rules([created, { type: 'response.completed', response: response('incomplete') }])).toEqual(['terminal-status-mismatch']);
    expect(rules([created, { type: 'response.completed' }])).toEqual(['malformed-event']);
  });

  it('checks the terminal response as a body', () => {
    const calls = [...functionCall(0, 'fc_1', '{}'), ...functionCall(1, 'fc_2', '{}')];
    const same = { ...callItem('fc_2', '{}'), call_id: 'call_fc_1' };
    expect(rules([created, ...calls.slice(0, -1), done(1, same), completed(callItem('fc_1', '{}'), same)])).toEqual(['duplicate-call-id']);
  });

  it('wants output_index contiguous from 0, each item added with a type and an id', () => {
    const item = messageItem('msg_1', 'x');
    expect(rules([created, added(1, messageItem('msg_1')), done(1, item), completed(item)])).toEqual(['output-index-not-contiguous']);
    expect(rules([created, added(0, { type: 'message' }), done(0, {}), completed({ type: 'message', id: 'x' })])).toEqual([
      'malformed-event',
      'terminal-output-mismatch',
    ]);
  });

  it('wants each item done once, and events only for open items with their item_id', () => {
    expect(rules([created, ...hello, done(0, msg), completed(msg)])).toEqual(['item-done-twice']);
    expect(rules([created, ...hello, textDelta(0, 'msg_1', 'late'), completed(msg)])).toEqual(['item-not-open']);
    expect(rules([created, done(0, msg), completed()])).toEqual(['item-not-open']);
    const wrongId = [added(0, messageItem('msg_1')), part('added', 0, 'msg_1'), textDelta(0, 'msg_X', 'Hi there')];
    expect(rules([created, ...wrongId, ...hello.slice(4), completed(msg)])).toEqual(['item-id-mismatch']);
    expect(rules([created, ...hello.slice(0, -1), done(0, { ...msg, id: 'msg_2' }), completed(msg)])).toEqual(['item-id-mismatch']);
    // Unknown item-scoped events are judged by their output_index too.
    expect(rules([created, ...hello, scoped('response.future.event', 0, 'msg_1'), completed(msg)])).toEqual(['item-not-open']);
  });

  it('wants every item done before the response completes, and listed in its output', () => {
    expect(rules([created, added(0, messageItem('msg_1')), completed(messageItem('msg_1'))])).toEqual(['item-not-done']);
    expect(rules([created, ...hello, completed()])).toEqual(['terminal-output-mismatch']);
    expect(rules([created, ...hello, completed({ ...msg, id: 'msg_2' })])).toEqual(['terminal-output-mismatch']);
    const both = [...hello, ...functionCall(1, 'fc_1', '{}')];
    expect(rules([created, ...both, completed(callItem('fc_1', '{}'), msg)])).toEqual(['terminal-output-mismatch']);
    // A failed response may stop anywhere.
    expect(rules([created, added(0, messageItem('msg_1')), terminal('failed', [])])).toEqual([]);
  });

  it('wants content_index contiguous and deltas only for open parts', () => {
    const id = 'msg_1';
    const skipped = [added(0, messageItem(id)), part('added', 0, id, '', 1), textDelta(0, id, 'x', 1), textDone(0, id, 'x', 1), part('done', 0, id, 'x', 1)];
    expect(rules([created, ...skipped, done(0, messageItem(id, 'x')), completed(messageItem(id, 'x'))])).toEqual(['content-index-not-contiguous']);
    const unopened = [added(0, messageItem(id)), textDelta(0, id, 'x'), textDone(0, id, 'x'), done(0, messageItem(id, 'x'))];
    expect(rules([created, ...unopened, completed(messageItem(id, 'x'))])).toEqual(['content-part-not-open', 'content-part-not-open']);
    const closedTwice = [...hello.slice(0, -1), part('done', 0, id, 'Hi there'), hello.at(-1) ?? {}];
    expect(rules([created, ...closedTwice, completed(msg)])).toEqual(['content-part-not-open']);
  });

  it('numbers reasoning summary parts the same way', () => {
    const id = 'rs_1';
    const summary = (suffix: string, index: number, fields: Data = {}): Data =>
      scoped(`response.reasoning_summary_${suffix}`, 0, id, { summary_index: index, ...fields });
    const item = { id, type: 'reasoning', summary: [] };
    const events = [added(0, item), summary('part.added', 1), summary('text.delta', 1, { delta: 'a' }), summary('text.done', 1, { text: 'a' })];
    expect(rules([created, ...events, summary('part.done', 1), done(0, item), completed(item)])).toEqual(['content-index-not-contiguous']);
    expect(rules([created, added(0, item), summary('text.delta', 0, { delta: 'a' }), done(0, item), completed(item)])).toEqual(['content-part-not-open']);
  });

  it('wants done events to restate exactly what the deltas said', () => {
    const id = 'msg_1';
    const wrongText = [...hello.slice(0, 4), textDone(0, id, 'Hi there!'), ...hello.slice(5)];
    expect(rules([created, ...wrongText, completed(msg)])).toEqual(['delta-done-mismatch']);
    const call = functionCall(0, 'fc_1', '{"a":', '1}');
    const wrongArgs = [...call.slice(0, 3), argsDone(0, 'fc_1', '{"a":2}'), ...call.slice(4)];
    expect(rules([created, ...wrongArgs, completed(callItem('fc_1', '{"a":1}'))])).toEqual(['delta-done-mismatch']);
    const wrongItem = [...call.slice(0, -1), done(0, callItem('fc_1', '{"a":2}'))];
    expect(rules([created, ...wrongItem, completed(callItem('fc_1', '{"a":2}'))])).toEqual(['delta-done-mismatch']);
  });

  it('wants custom tool call input restated exactly', () => {
    const item = (input: string): Data => ({ id: 'ctc_1', type: 'custom_tool_call', status: 'completed', call_id: 'call_1', name: 'exec', input });
    const delta = scoped('response.custom_tool_call_input.delta', 0, 'ctc_1', { delta: 'ls' });
    const inputDone = (input: string): Data => scoped('response.custom_tool_call_input.done', 0, 'ctc_1', { input });
    expect(rules([created, added(0, item('')), delta, inputDone('ls'), done(0, item('ls')), completed(item('ls'))])).toEqual([]);
    expect(rules([created, added(0, item('')), delta, inputDone('ls -la'), done(0, item('ls')), completed(item('ls'))])).toEqual(['delta-done-mismatch']);
    expect(rules([created, added(0, item('')), delta, inputDone('ls'), done(0, item('ls -la')), completed(item('ls -la'))])).toEqual([
      'delta-done-mismatch',
    ]);
  });

  it('wants function call arguments to parse as JSON unless the call is incomplete', () => {
    const call = functionCall(0, 'fc_1', '{"a":');
    expect(rules([created, ...call, completed(callItem('fc_1', '{"a":'))])).toEqual(['function-arguments-json', 'function-arguments-json']);
    const cut = { ...callItem('fc_1', '{"a":'), status: 'incomplete' };
    expect(rules([created, ...call.slice(0, -1), done(0, cut), terminal('incomplete', [cut])])).toEqual([]);
  });
});

const bodyRules = (value: unknown): string[] => validateOpenAIResponsesBody(value).map((violation) => violation.rule);

describe('validateOpenAIResponsesBody', () => {
  it('finds nothing wrong with a well-formed response', () => {
    expect(bodyRules(response('completed', [msg, callItem('fc_1', '{}'), callItem('fc_2', '{"a":1}')]))).toEqual([]);
  });

  it('wants a response object with a known status and an output array', () => {
    expect(bodyRules(null)).toEqual(['malformed-body']);
    expect(bodyRules({ ...response('completed'), object: 'chat.completion' })).toEqual(['wrong-object']);
    expect(bodyRules(response('done'))).toEqual(['unknown-status']);
    expect(bodyRules({ ...response('completed'), output: null })).toEqual(['missing-output']);
  });

  it('wants each output item to have a type and an id', () => {
    expect(bodyRules(response('completed', [{ type: 'message' }, { id: 'x' }, 'item']))).toEqual(['malformed-item', 'malformed-item', 'malformed-item']);
  });

  it('wants function call arguments to parse as JSON, and call ids unique', () => {
    expect(bodyRules(response('completed', [callItem('fc_1', 'nope')]))).toEqual(['function-arguments-json']);
    expect(bodyRules(response('completed', [{ ...callItem('fc_1'), arguments: undefined }]))).toEqual(['function-arguments-json']);
    const twin = { ...callItem('fc_2', '{}'), call_id: 'call_fc_1' };
    expect(bodyRules(response('completed', [callItem('fc_1', '{}'), twin]))).toEqual(['duplicate-call-id']);
  });
});
