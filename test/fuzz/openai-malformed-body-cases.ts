import { LIMITS, type MalformedCase } from './malformed-body-cases.js';
import { SeededRandom } from './seeded-random.js';

/** The two OpenAI model routes the gateway parses. */
export type OpenAIApi = 'chat' | 'responses';

export const openaiPaths: Readonly<Record<OpenAIApi, string>> = { chat: '/v1/chat/completions', responses: '/v1/responses' };

/** A malformed request, and the OpenAI error `code` its answer must carry (when the case decides it). */
export interface OpenAIMalformedCase extends MalformedCase {
  readonly code?: string | null;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Body = Record<string, Json>;

const JSON_TYPE = 'application/json';
const INVALID_REQUEST = { status: 400, errorType: 'invalid_request_error', code: null } as const;

function jsonCase(name: string, value: unknown, expected: Partial<OpenAIMalformedCase> = INVALID_REQUEST): OpenAIMalformedCase {
  return { name, body: Buffer.from(JSON.stringify(value)), contentType: JSON_TYPE, ...expected };
}

function rawCase(name: string, body: Buffer | string, expected: Partial<OpenAIMalformedCase> = INVALID_REQUEST): OpenAIMalformedCase {
  return { name, body: Buffer.isBuffer(body) ? body : Buffer.from(body), contentType: JSON_TYPE, ...expected };
}

/** One way to break a valid body, and the field an error message should then name. */
interface Mutation {
  readonly field: string;
  apply(body: Body): void;
}

function setField(field: string, path: string, value: Json): Mutation {
  return {
    field: path,
    apply: (body) => {
      body[field] = value;
    },
  };
}

function dropField(field: string): Mutation {
  return {
    field,
    apply: (body) => {
      Reflect.deleteProperty(body, field);
    },
  };
}

/** Replaces the history (`messages` or `input`) with one broken entry. */
function setEntry(list: string, path: string, entry: Json): Mutation {
  return {
    field: path,
    apply: (body) => {
      body[list] = [entry];
    },
  };
}

/** What each API needs: a valid body, and mutations that each make it one the request schema refuses. */
interface ApiShape {
  validBody(): Body;
  /** The field that holds the history, limited by MAX_MESSAGES. */
  readonly history: string;
  historyEntry(i: number): Json;
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
  historyEntry: (i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', content: `turn ${i}` }),
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
  historyEntry: (i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', content: `turn ${i}` }),
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
    ...[[], [shape.validBody()], 5, 'body', null, true, false].map((value) => jsonCase(`top-level ${JSON.stringify(value)}`, value)),
    ...shape.mutations.map((mutation) => {
      const body = shape.validBody();
      mutation.apply(body);
      return jsonCase(`broken ${mutation.field}: ${JSON.stringify(body).slice(0, 80)}`, body, { ...INVALID_REQUEST, mentions: [mutation.field] });
    }),
    rawCase('duplicate key, last one wrong', `${valid.slice(0, -1)},"model":5}`, { ...INVALID_REQUEST, mentions: ['model'] }),
    rawCase('empty body', ''),
    { name: 'empty body, no content-type', body: Buffer.alloc(0), contentType: undefined, ...INVALID_REQUEST },
    rawCase('whitespace only', ' \n\t '),
    rawCase('byte-order mark before JSON', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(valid)])),
    rawCase('JSON followed by junk', `${valid}}`),
    rawCase('two JSON objects', valid.repeat(2)),
  ];
}

/** Content types that are not JSON: the body is never read as a request. */
function contentTypeCases(shape: ApiShape): OpenAIMalformedCase[] {
  const body = Buffer.from(JSON.stringify(shape.validBody()));
  const types = [
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/xml',
    'text/json',
    'application/jsonl',
    'text/event-stream',
  ];
  return types.map((contentType) => ({ name: `content-type ${contentType}`, body, contentType, status: 415, errorType: 'invalid_request_error', code: null }));
}

function limitCases(shape: ApiShape): OpenAIMalformedCase[] {
  const overLimit = { ...shape.validBody(), [shape.history]: [{ role: 'user', content: 'x'.repeat(LIMITS.maxRequestBytes) }] };
  const tooLarge = { status: 413, errorType: 'invalid_request_error', code: 'request_too_large' };
  const many = (count: number): Body => ({ ...shape.validBody(), [shape.history]: Array.from({ length: count }, (_, i) => shape.historyEntry(i)) });
  const tooMany = { ...INVALID_REQUEST, mentions: ['MAX_MESSAGES'] };
  return [
    jsonCase('body over MAX_REQUEST_BYTES', overLimit, tooLarge),
    { ...jsonCase('body over MAX_REQUEST_BYTES, chunked', overLimit, tooLarge), chunked: true },
    rawCase('random bytes over MAX_REQUEST_BYTES', new SeededRandom(7).bytes(LIMITS.maxRequestBytes * 2), tooLarge),
    jsonCase(`${LIMITS.maxMessages + 1} history entries`, many(LIMITS.maxMessages + 1), tooMany),
    jsonCase('60 history entries', many(60), tooMany),
    // The count is checked before the schema, so entries that are also malformed still get the count error.
    jsonCase('too many malformed history entries', { ...shape.validBody(), [shape.history]: Array.from({ length: 20 }, () => 1) }, tooMany),
  ];
}

function truncatedCases(shape: ApiShape, random: SeededRandom, count: number): OpenAIMalformedCase[] {
  const text = JSON.stringify({ ...shape.validBody(), stream: true, tools: [{ type: 'function', name: 'exec_command', parameters: { type: 'object' } }] });
  return Array.from({ length: count }, () => {
    const cut = random.int(1, text.length - 1);
    return rawCase(`truncated at ${cut}: …${text.slice(Math.max(0, cut - 20), cut)}`, text.slice(0, cut));
  });
}

function randomByteCases(random: SeededRandom, count: number): OpenAIMalformedCase[] {
  return Array.from({ length: count }, (_, i) => rawCase(`random bytes #${i}`, random.bytes(random.int(1, 600))));
}

/** One to three mutations on a valid body; the message must name at least one of the fields broken. */
function mutatedCases(shape: ApiShape, random: SeededRandom, count: number): OpenAIMalformedCase[] {
  return Array.from({ length: count }, () => {
    const body = shape.validBody();
    const applied = Array.from({ length: random.int(1, 3) }, () => random.pick(shape.mutations));
    for (const mutation of applied) mutation.apply(body);
    const fields = applied.map((mutation) => mutation.field);
    return jsonCase(`mutated ${fields.join(', ')}`, body, { ...INVALID_REQUEST, mentions: fields.map((field) => field.split('.')[0] ?? field) });
  });
}

/**
 * Deep arrays and objects as the history (which must be a list of objects, so both are wrong), in an
 * unknown field of a body missing its model, and unclosed. Depths keep the body under the byte limit.
 */
function nestingCases(shape: ApiShape, random: SeededRandom, count: number): OpenAIMalformedCase[] {
  return Array.from({ length: count }, (_, i) => {
    const arrays = i % 2 === 0;
    const depth = arrays ? random.int(50, 1_800) : random.int(50, 600);
    const nested = arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    const form = arrays ? 'arrays' : 'objects';
    if (i % 3 === 0) {
      return rawCase(`${form} ${depth} deep as ${shape.history}`, `{"model":"m","${shape.history}":${nested}}`, { ...INVALID_REQUEST, mentions: [shape.history] });
    }
    if (i % 3 === 1) {
      return rawCase(`${form} ${depth} deep in an unknown field, no model`, `{"${shape.history}":[],"extra":${nested}}`, { ...INVALID_REQUEST, mentions: ['model'] });
    }
    return rawCase(`${form} ${depth} deep, unclosed`, `{"model":"m","${shape.history}":${nested.slice(0, depth)}`);
  });
}

function hugeStringCases(shape: ApiShape): OpenAIMalformedCase[] {
  const huge = 'é'.repeat(1_800); // two bytes each: near the byte limit while well under it in characters
  return [
    jsonCase('huge model name, stream a string', { ...shape.validBody(), model: huge, stream: 'yes' }, { ...INVALID_REQUEST, mentions: ['stream'] }),
    jsonCase('huge key', { ...shape.validBody(), [huge]: 1, model: 5 }, { ...INVALID_REQUEST, mentions: ['model'] }),
    rawCase('huge unterminated string', `{"model":"${'a'.repeat(3_000)}`),
  ];
}

/** Bytes that are not UTF-8: outside strings (never JSON), and inside the strings of an invalid body. */
function invalidUtf8Cases(random: SeededRandom, count: number): OpenAIMalformedCase[] {
  // A lone 0xFF, a reversed BOM, an overlong '/', a cut-off '€', a UTF-16 surrogate, a stray continuation, a 5-byte form.
  const sequences = [[0xff], [0xfe, 0xff], [0xc0, 0xaf], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]];
  return Array.from({ length: count }, (_, i) => {
    const bad = Buffer.from(random.pick(sequences));
    const hex = bad.toString('hex');
    if (i % 3 === 0) return rawCase(`invalid UTF-8 ${hex} as the body`, bad);
    if (i % 3 === 1) return rawCase(`invalid UTF-8 ${hex} between tokens`, Buffer.concat([Buffer.from('{"model":'), bad, Buffer.from('"m"}')]));
    const body = Buffer.concat([Buffer.from('{"model":"'), bad, Buffer.from('","stream":"yes"}')]);
    return rawCase(`invalid UTF-8 ${hex} in a string, stream a string`, body, { ...INVALID_REQUEST, mentions: ['stream'] });
  });
}

/** A few hundred malformed requests for one OpenAI route, the same for the same seed. */
export function openaiMalformedBodyCases(api: OpenAIApi, seed: number): OpenAIMalformedCase[] {
  const shape = shapes[api];
  const random = new SeededRandom(seed);
  return [
    ...namedCases(shape),
    ...contentTypeCases(shape),
    ...limitCases(shape),
    ...hugeStringCases(shape),
    ...truncatedCases(shape, random, 50),
    ...randomByteCases(random, 50),
    ...mutatedCases(shape, random, 80),
    ...nestingCases(shape, random, 12),
    ...invalidUtf8Cases(random, 15),
  ];
}
