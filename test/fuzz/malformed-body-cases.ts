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
  type Json,
  type MalformedCase,
  type Mutation,
  type NestingPlaces,
  type Utf8Places,
} from './malformed-case-builders.js';
import { SeededRandom } from './seeded-random.js';

// Re-exported for the tests that fuzz /v1/messages, which take them from here with the cases.
export { LIMITS, type MalformedCase } from './malformed-case-builders.js';

const make = caseMaker<MalformedCase>({ status: 400, errorType: 'invalid_request_error' });

function validBody(): Body {
  return { model: 'claude-sonnet-4-6', max_tokens: 64, messages: [{ role: 'user', content: 'hello' }] };
}

function setMessage(path: string, message: Json): Mutation {
  return setEntry('messages', path, message);
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
    ...schemaCases(make, validBody, MUTATIONS),
    make.raw('duplicate key, last one wrong', '{"model":"m","messages":[],"max_tokens":10,"max_tokens":"10"}', { ...make.invalid, mentions: ['max_tokens'] }),
    ...framingCases(make, JSON.stringify(validBody())),
  ];
}

const TRUNCATED = JSON.stringify({ ...validBody(), system: 'be brief', tools: [{ name: 'Bash', input_schema: { type: 'object' } }] });

/** Nesting depths keep the body under the byte limit (see deep-nesting.test.ts for depths far past it). */
const NESTING: NestingPlaces = {
  historyPrefix: '{"model":"m","max_tokens":1,"messages":',
  historyPlace: 'in messages',
  history: 'messages',
  unknownFieldPrefix: '{"model":"m","messages":[],"extra":',
  missing: 'max_tokens',
};

const UTF8: Utf8Places = { afterModel: '"m","max_tokens":1,"messages":[]}', stringField: 'max_tokens', afterModelText: '","max_tokens":"1","messages":[]}' };

function hugeStringCases(): MalformedCase[] {
  const huge = 'é'.repeat(1_800); // two bytes each: near the byte limit while well under it in characters
  return [
    make.json('huge model name, no max_tokens', { model: huge, messages: [] }, { ...make.invalid, mentions: ['max_tokens'] }),
    make.json('huge system prompt, max_tokens a string', { ...validBody(), max_tokens: '64', system: huge }, { ...make.invalid, mentions: ['max_tokens'] }),
    make.json('huge key', { ...validBody(), [huge]: 1, model: 5 }, { ...make.invalid, mentions: ['model'] }),
    make.raw('huge unterminated string', `{"model":"${'a'.repeat(3_000)}`),
  ];
}

/** A few hundred malformed requests, the same for the same seed. */
export function malformedBodyCases(seed: number): MalformedCase[] {
  const random = new SeededRandom(seed);
  return [
    ...namedCases(),
    ...contentTypeCases(make, JSON.stringify(validBody())),
    ...limitCases(make, validBody, { field: 'messages', noun: 'messages' }, { status: 413, errorType: 'request_too_large' }),
    ...hugeStringCases(),
    ...truncatedCases(make, TRUNCATED, random, 60),
    ...randomByteCases(make, random, 60),
    ...mutatedCases(make, validBody, MUTATIONS, random, 100),
    ...nestingCases(make, NESTING, random, 12),
    ...invalidUtf8Cases(make, UTF8, random, 15),
  ];
}
