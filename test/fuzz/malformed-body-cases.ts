import { SeededRandom } from './seeded-random.js';

/** The limits the fuzzed gateway runs with: small, so bodies that cross them stay cheap to build. */
export const LIMITS = { maxRequestBytes: 4096, maxMessages: 8 } as const;

export interface MalformedCase {
  readonly name: string;
  readonly body: Buffer;
  /** Sent as the `content-type` header; undefined sends none. */
  readonly contentType: string | undefined;
  /** Send without `content-length`, in chunks, so limits must be enforced while reading. */
  readonly chunked?: boolean;
  /** Exact answer, where the case decides it; otherwise any 4xx is right. */
  readonly status?: number;
  readonly errorType?: string;
  /** The message must name at least one of these (the fields the case broke). */
  readonly mentions?: readonly string[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Body = Record<string, Json>;

const JSON_TYPE = 'application/json';
const INVALID_REQUEST = { status: 400, errorType: 'invalid_request_error' } as const;

function validBody(): Body {
  return { model: 'claude-sonnet-4-6', max_tokens: 64, messages: [{ role: 'user', content: 'hello' }] };
}

function jsonCase(name: string, value: unknown, expected: Partial<MalformedCase> = INVALID_REQUEST): MalformedCase {
  return { name, body: Buffer.from(JSON.stringify(value)), contentType: JSON_TYPE, ...expected };
}

function rawCase(name: string, body: Buffer | string, expected: Partial<MalformedCase> = INVALID_REQUEST): MalformedCase {
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

function setMessage(path: string, message: Json): Mutation {
  return {
    field: path,
    apply: (body) => {
      body.messages = [message];
    },
  };
}

/** Every mutation turns a valid body into one the request schema refuses. */
const MUTATIONS: readonly Mutation[] = [
  dropField('model'),
  dropField('messages'),
  dropField('max_tokens'),
  ...[5, null, true, '', [], {}, ['claude']].map((value) => setField('model', 'model', value)),
  ...['x', 5, null, {}, false].map((value) => setField('messages', 'messages', value)),
  ...[1, 'user', null, []].map((value) => setField('messages', 'messages.0', [value])),
  setMessage('messages.0.role', { role: 1, content: 'hi' }),
  setMessage('messages.0.role', { content: 'hi' }),
  setMessage('messages.0.content', { role: 'user' }),
  setMessage('messages.0.content', { role: 'user', content: 5 }),
  setMessage('messages.0.content', { role: 'user', content: null }),
  setMessage('messages.0.content', { role: 'user', content: { type: 'text', text: 'hi' } }),
  setMessage('messages.0.content', { role: 'user', content: [1] }),
  setMessage('messages.0.content', { role: 'user', content: [{ text: 'hi' }] }),
  setMessage('messages.0.content', { role: 'user', content: [{ type: 7, text: 'hi' }] }),
  ...['10', '', -1, 1.5, null, true, [], {}].map((value) => setField('max_tokens', 'max_tokens', value)),
  ...['yes', 1, 0, {}, []].map((value) => setField('stream', 'stream', value)),
  ...[5, true, {}].map((value) => setField('system', 'system', value)),
  ...[{}, 'x', [1], ['bash']].map((value) => setField('tools', 'tools', value)),
  ...['x', 5, [], { user_id: 5 }].map((value) => setField('metadata', 'metadata', value)),
];

/** The cases the brief names, each with the field its message must name. */
function namedCases(): MalformedCase[] {
  return [
    ...[[], [validBody()], 5, 'body', null, true, false].map((value) => jsonCase(`top-level ${JSON.stringify(value)}`, value)),
    ...MUTATIONS.map((mutation) => {
      const body = validBody();
      mutation.apply(body);
      return jsonCase(`broken ${mutation.field}: ${JSON.stringify(body).slice(0, 80)}`, body, { ...INVALID_REQUEST, mentions: [mutation.field] });
    }),
    rawCase('duplicate key, last one wrong', '{"model":"m","messages":[],"max_tokens":10,"max_tokens":"10"}', { ...INVALID_REQUEST, mentions: ['max_tokens'] }),
    rawCase('empty body', ''),
    { name: 'empty body, no content-type', body: Buffer.alloc(0), contentType: undefined, ...INVALID_REQUEST },
    rawCase('whitespace only', ' \n\t '),
    rawCase('byte-order mark before JSON', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(validBody()))])),
    rawCase('JSON followed by junk', `${JSON.stringify(validBody())}}`),
    rawCase('two JSON objects', JSON.stringify(validBody()).repeat(2)),
  ];
}

/** Content types that are not JSON: the body is never read as a request. */
function contentTypeCases(): MalformedCase[] {
  const body = Buffer.from(JSON.stringify(validBody()));
  const types = [
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/xml',
    'text/json',
    'application/jsonl',
    'text/event-stream',
  ];
  const unsupported = { status: 415, errorType: 'invalid_request_error' };
  return types.map((contentType) => ({ name: `content-type ${contentType}`, body, contentType, ...unsupported }));
}

function limitCases(): MalformedCase[] {
  const overLimit = validBody();
  overLimit.messages = [{ role: 'user', content: 'x'.repeat(LIMITS.maxRequestBytes) }];
  const tooLarge = { status: 413, errorType: 'request_too_large' };
  const many = (count: number): Body => ({
    ...validBody(),
    messages: Array.from({ length: count }, (_, i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', content: `turn ${i}` })),
  });
  const tooMany = { ...INVALID_REQUEST, mentions: ['MAX_MESSAGES'] };
  return [
    jsonCase('body over MAX_REQUEST_BYTES', overLimit, tooLarge),
    { ...jsonCase('body over MAX_REQUEST_BYTES, chunked', overLimit, tooLarge), chunked: true },
    rawCase('random bytes over MAX_REQUEST_BYTES', new SeededRandom(7).bytes(LIMITS.maxRequestBytes * 2), tooLarge),
    jsonCase(`${LIMITS.maxMessages + 1} messages`, many(LIMITS.maxMessages + 1), tooMany),
    jsonCase('60 messages', many(60), tooMany),
    // The count is checked before the schema, so messages that are also malformed still get the count error.
    jsonCase('too many malformed messages', { ...validBody(), messages: Array.from({ length: 20 }, () => 1) }, tooMany),
  ];
}

function truncatedCases(random: SeededRandom, count: number): MalformedCase[] {
  const text = JSON.stringify({ ...validBody(), system: 'be brief', tools: [{ name: 'Bash', input_schema: { type: 'object' } }] });
  return Array.from({ length: count }, () => {
    const cut = random.int(1, text.length - 1);
    return rawCase(`truncated at ${cut}: …${text.slice(Math.max(0, cut - 20), cut)}`, text.slice(0, cut));
  });
}

function randomByteCases(random: SeededRandom, count: number): MalformedCase[] {
  return Array.from({ length: count }, (_, i) => rawCase(`random bytes #${i}`, random.bytes(random.int(1, 600))));
}

/** One to three mutations on a valid body; the message must name at least one of the fields broken. */
function mutatedCases(random: SeededRandom, count: number): MalformedCase[] {
  return Array.from({ length: count }, () => {
    const body = validBody();
    const applied = Array.from({ length: random.int(1, 3) }, () => random.pick(MUTATIONS));
    for (const mutation of applied) mutation.apply(body);
    const fields = applied.map((mutation) => mutation.field);
    return jsonCase(`mutated ${fields.join(', ')}`, body, { ...INVALID_REQUEST, mentions: fields.map((field) => field.split('.')[0] ?? field) });
  });
}

/**
 * Deep arrays and objects, in a field the schema checks and in one it passes through untouched. Depths
 * keep the body under the byte limit (see deep-nesting.test.ts for depths far past it).
 */
function nestingCases(random: SeededRandom, count: number): MalformedCase[] {
  return Array.from({ length: count }, (_, i) => {
    const arrays = i % 2 === 0;
    const depth = arrays ? random.int(50, 1_800) : random.int(50, 600);
    const nested = arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    const shape = arrays ? 'arrays' : 'objects';
    if (i % 3 === 0) {
      const body = `{"model":"m","max_tokens":1,"messages":${nested}}`;
      return rawCase(`${shape} ${depth} deep in messages`, body, { ...INVALID_REQUEST, mentions: ['messages'] });
    }
    if (i % 3 === 1) {
      const body = `{"model":"m","messages":[],"extra":${nested}}`;
      return rawCase(`${shape} ${depth} deep in an unknown field, no max_tokens`, body, { ...INVALID_REQUEST, mentions: ['max_tokens'] });
    }
    return rawCase(`${shape} ${depth} deep, unclosed`, `{"model":"m","max_tokens":1,"messages":${nested.slice(0, depth)}`);
  });
}

function hugeStringCases(): MalformedCase[] {
  const huge = 'é'.repeat(1_800); // two bytes each: near the byte limit while well under it in characters
  return [
    jsonCase('huge model name, no max_tokens', { model: huge, messages: [] }, { ...INVALID_REQUEST, mentions: ['max_tokens'] }),
    jsonCase('huge system prompt, max_tokens a string', { ...validBody(), max_tokens: '64', system: huge }, { ...INVALID_REQUEST, mentions: ['max_tokens'] }),
    jsonCase('huge key', { ...validBody(), [huge]: 1, model: 5 }, { ...INVALID_REQUEST, mentions: ['model'] }),
    rawCase('huge unterminated string', `{"model":"${'a'.repeat(3_000)}`),
  ];
}

/** Bytes that are not UTF-8: outside strings (never JSON), and inside the strings of an invalid body. */
function invalidUtf8Cases(random: SeededRandom, count: number): MalformedCase[] {
  // A lone 0xFF, a reversed BOM, an overlong '/', a cut-off '€', a UTF-16 surrogate, a stray continuation, a 5-byte form.
  const sequences = [[0xff], [0xfe, 0xff], [0xc0, 0xaf], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]];
  return Array.from({ length: count }, (_, i) => {
    const bad = Buffer.from(random.pick(sequences));
    const hex = bad.toString('hex');
    if (i % 3 === 0) return rawCase(`invalid UTF-8 ${hex} as the body`, bad);
    if (i % 3 === 1) {
      const body = Buffer.concat([Buffer.from('{"model":'), bad, Buffer.from('"m","max_tokens":1,"messages":[]}')]);
      return rawCase(`invalid UTF-8 ${hex} between tokens`, body);
    }
    const body = Buffer.concat([Buffer.from('{"model":"'), bad, Buffer.from('","max_tokens":"1","messages":[]}')]);
    return rawCase(`invalid UTF-8 ${hex} in a string, max_tokens a string`, body, { ...INVALID_REQUEST, mentions: ['max_tokens'] });
  });
}

/** A few hundred malformed requests, the same for the same seed. */
export function malformedBodyCases(seed: number): MalformedCase[] {
  const random = new SeededRandom(seed);
  return [
    ...namedCases(),
    ...contentTypeCases(),
    ...limitCases(),
    ...hugeStringCases(),
    ...truncatedCases(random, 60),
    ...randomByteCases(random, 60),
    ...mutatedCases(random, 100),
    ...nestingCases(random, 12),
    ...invalidUtf8Cases(random, 15),
  ];
}
