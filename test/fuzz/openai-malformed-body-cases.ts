import {
  caseMaker,
  contentTypeCases,
  dropField,
  framingCases,
  invalidUtf8Cases,
  limitCases,
  mutatedCases,
  nestingCases,
  randomByteCases,
  schemaCases,
  setEntry,
  setField,
  truncatedCases,
  type Body,
  type MalformedCase,
  type Mutation,
  type NestingPlaces,
  type Utf8Places,
} from './malformed-case-builders.js';
import { SeededRandom } from './seeded-random.js';

/** The two OpenAI model routes the gateway parses. */
export type OpenAIApi = 'chat' | 'responses';

export const openaiPaths: Readonly<Record<OpenAIApi, string>> = { chat: '/v1/chat/completions', responses: '/v1/responses' };

/** A malformed request, and the OpenAI error `code` its answer must carry (when the case decides it). */
export interface OpenAIMalformedCase extends MalformedCase {
  readonly code?: string | null;
}

const make = caseMaker<OpenAIMalformedCase>({ status: 400, errorType: 'invalid_request_error', code: null });

/** What each API needs: a valid body, and mutations that each make it one the request schema refuses. */
interface ApiShape {
  readonly validBody: () => Body;
  /** The field that holds the history, limited by MAX_MESSAGES. */
  readonly history: string;
  readonly mutations: readonly Mutation[];
}

const shared: readonly Mutation[] = [
  dropField('model'),
  ...[5, null, true, '', [], {}, ['gpt-5']].map((value) => setField('model', 'model', value)),
  ...['yes', 1, 0, {}, []].map((value) => setField('stream', 'stream', value)),
  ...[{}, 'x', 5, [1], ['exec_command'], [{}], [{ type: 5 }]].map((value) => setField('tools', 'tools', value)),
];

/** @see https://platform.openai.com/docs/api-reference/chat/create */
const chat: ApiShape = {
  validBody: () => ({ model: 'gpt-5', messages: [{ role: 'user', content: 'hello' }] }),
  history: 'messages',
  mutations: [
    ...shared,
    dropField('messages'),
    ...['x', 5, null, {}, false].map((value) => setField('messages', 'messages', value)),
    ...[1, 'user', null, []].map((value) => setEntry('messages', 'messages.0', value)),
    setEntry('messages', 'messages.0.role', { role: 1, content: 'hi' }),
    setEntry('messages', 'messages.0.role', { content: 'hi' }),
    setEntry('messages', 'messages.0.content', { role: 'user', content: 5 }),
    setEntry('messages', 'messages.0.content', { role: 'user', content: { type: 'text', text: 'hi' } }),
    setEntry('messages', 'messages.0.content', { role: 'user', content: [1] }),
    setEntry('messages', 'messages.0.content', { role: 'user', content: [{ text: 'hi' }] }),
    setEntry('messages', 'messages.0.content', { role: 'user', content: [{ type: 7, text: 'hi' }] }),
    setEntry('messages', 'messages.0.tool_calls', { role: 'assistant', content: null, tool_calls: 'call' }),
    setEntry('messages', 'messages.0.tool_calls', { role: 'assistant', content: null, tool_calls: [1] }),
    setEntry('messages', 'messages.0.tool_call_id', { role: 'tool', content: 'ok', tool_call_id: 5 }),
    ...['x', 5, []].map((value) => setField('stream_options', 'stream_options', value)),
  ],
};

/** @see https://platform.openai.com/docs/api-reference/responses/create */
const responses: ApiShape = {
  validBody: () => ({ model: 'gpt-5', input: 'hello' }),
  history: 'input',
  mutations: [
    ...shared,
    ...[5, true, {}].map((value) => setField('input', 'input', value)),
    ...[1, 'hello', null, []].map((value) => setEntry('input', 'input.0', value)),
    setEntry('input', 'input.0.type', { type: 5, role: 'user', content: 'hi' }),
    setEntry('input', 'input.0.role', { role: 1, content: 'hi' }),
    setEntry('input', 'input.0.content', { role: 'user', content: 5 }),
    setEntry('input', 'input.0.content', { role: 'user', content: { type: 'input_text', text: 'hi' } }),
    setEntry('input', 'input.0.content', { role: 'user', content: [{ text: 'hi' }] }),
    setEntry('input', 'input.0.output', { type: 'function_call_output', call_id: 'call_1', output: 5 }),
    setEntry('input', 'input.0.output', { type: 'function_call_output', call_id: 'call_1', output: [1] }),
    ...[5, true, {}, [1]].map((value) => setField('instructions', 'instructions', value)),
  ],
};

const shapes: Readonly<Record<OpenAIApi, ApiShape>> = { chat, responses };

/** The cases the brief names, each with the field its message must name. */
function namedCases(shape: ApiShape): OpenAIMalformedCase[] {
  const valid = JSON.stringify(shape.validBody());
  return [
    ...schemaCases(make, shape.validBody, shape.mutations),
    make.raw('duplicate key, last one wrong', `${valid.slice(0, -1)},"model":5}`, { ...make.invalid, mentions: ['model'] }),
    ...framingCases(make, valid),
  ];
}

function hugeStringCases(shape: ApiShape): OpenAIMalformedCase[] {
  const huge = 'é'.repeat(1_800); // two bytes each: near the byte limit while well under it in characters
  return [
    make.json('huge model name, stream a string', { ...shape.validBody(), model: huge, stream: 'yes' }, { ...make.invalid, mentions: ['stream'] }),
    make.json('huge key', { ...shape.validBody(), [huge]: 1, model: 5 }, { ...make.invalid, mentions: ['model'] }),
    make.raw('huge unterminated string', `{"model":"${'a'.repeat(3_000)}`),
  ];
}

/** The history (which must be a list of objects) nested deep, or an unknown field in a body missing its model. */
function nestingPlaces(shape: ApiShape): NestingPlaces {
  return {
    historyPrefix: `{"model":"m","${shape.history}":`,
    historyPlace: `as ${shape.history}`,
    history: shape.history,
    unknownFieldPrefix: `{"${shape.history}":[],"extra":`,
    missing: 'model',
  };
}

const UTF8: Utf8Places = { afterModel: '"m"}', stringField: 'stream', afterModelText: '","stream":"yes"}' };

/** What the truncated cases cut short: a streaming request with a tool. */
function truncatable(shape: ApiShape): string {
  return JSON.stringify({ ...shape.validBody(), stream: true, tools: [{ type: 'function', name: 'exec_command', parameters: { type: 'object' } }] });
}

const TOO_LARGE = { status: 413, errorType: 'invalid_request_error', code: 'request_too_large' };

/** A few hundred malformed requests for one OpenAI route, the same for the same seed. */
export function openaiMalformedBodyCases(api: OpenAIApi, seed: number): OpenAIMalformedCase[] {
  const shape = shapes[api];
  const random = new SeededRandom(seed);
  return [
    ...namedCases(shape),
    ...contentTypeCases(make, JSON.stringify(shape.validBody())),
    ...limitCases(make, shape.validBody, { field: shape.history, noun: 'history entries' }, TOO_LARGE),
    ...hugeStringCases(shape),
    ...truncatedCases(make, truncatable(shape), random, 50),
    ...randomByteCases(make, random, 50),
    ...mutatedCases(make, shape.validBody, shape.mutations, random, 80),
    ...nestingCases(make, nestingPlaces(shape), random, 12),
    ...invalidUtf8Cases(make, UTF8, random, 15),
  ];
}
