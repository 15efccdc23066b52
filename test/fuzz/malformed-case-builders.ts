import { SeededRandom } from './seeded-random.js';

/**
 * The parts of a malformed-body generator that do not depend on the API: each route's generator
 * (Anthropic Messages, OpenAI Chat Completions and Responses) supplies its valid body, its mutations
 * and its field names, and these build the cases from them.
 */

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

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Body = Record<string, Json>;

const JSON_TYPE = 'application/json';

/** What a case expects of its answer: everything but the request itself. */
export type Expected<C extends MalformedCase> = Omit<C, 'name' | 'body' | 'contentType'>;

/** Builds one route's cases, sent as JSON and, unless told otherwise, expecting its schema error. */
export interface CaseMaker<C extends MalformedCase> {
  /** The answer to a body the request schema refuses: a 400 invalid_request_error (and the route's own extras). */
  readonly invalid: Expected<C>;
  /** `value` serialised as JSON. */
  json(name: string, value: unknown, expected?: Expected<C>): C;
  /** Bytes exactly as given. */
  raw(name: string, body: Buffer | string, expected?: Expected<C>): C;
}

export function caseMaker<C extends MalformedCase>(invalid: Expected<C>): CaseMaker<C> {
  // The one place a case is assembled; a generic spread cannot be proven to be C.
  const make = (name: string, body: Buffer, expected: Expected<C>): C => ({ name, body, contentType: JSON_TYPE, ...expected }) as unknown as C;
  return {
    invalid,
    json: (name, value, expected = invalid) => make(name, Buffer.from(JSON.stringify(value)), expected),
    raw: (name, body, expected = invalid) => make(name, Buffer.isBuffer(body) ? body : Buffer.from(body), expected),
  };
}

/** One way to break a valid body, and the field an error message should then name. */
export interface Mutation {
  readonly field: string;
  apply(body: Body): void;
}

export function setField(field: string, path: string, value: Json): Mutation {
  return {
    field: path,
    apply: (body) => {
      body[field] = value;
    },
  };
}

export function dropField(field: string): Mutation {
  return {
    field,
    apply: (body) => {
      Reflect.deleteProperty(body, field);
    },
  };
}

/** Replaces the history (`messages` or `input`) with one broken entry. */
export function setEntry(list: string, path: string, entry: Json): Mutation {
  return {
    field: path,
    apply: (body) => {
      body[list] = [entry];
    },
  };
}

/** A history of `count` plain turns, user first. */
function turns(count: number): Json[] {
  return Array.from({ length: count }, (_, i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', content: `turn ${i}` }));
}

/**
 * Bodies over MAX_REQUEST_BYTES (whole, chunked, random bytes), answered `tooLarge`, and histories
 * over MAX_MESSAGES; `history` is the field that holds them and `noun` what case names call them.
 */
export function limitCases<C extends MalformedCase>(make: CaseMaker<C>, validBody: () => Body, history: { field: string; noun: string }, tooLarge: Expected<C>): C[] {
  const overLimit = { ...validBody(), [history.field]: [{ role: 'user', content: 'x'.repeat(LIMITS.maxRequestBytes) }] };
  const many = (count: number): Body => ({ ...validBody(), [history.field]: turns(count) });
  const tooMany = { ...make.invalid, mentions: ['MAX_MESSAGES'] };
  return [
    make.json('body over MAX_REQUEST_BYTES', overLimit, tooLarge),
    { ...make.json('body over MAX_REQUEST_BYTES, chunked', overLimit, tooLarge), chunked: true },
    make.raw('random bytes over MAX_REQUEST_BYTES', new SeededRandom(7).bytes(LIMITS.maxRequestBytes * 2), tooLarge),
    make.json(`${LIMITS.maxMessages + 1} ${history.noun}`, many(LIMITS.maxMessages + 1), tooMany),
    make.json(`60 ${history.noun}`, many(60), tooMany),
    // The count is checked before the schema, so entries that are also malformed still get the count error.
    make.json(`too many malformed ${history.noun}`, { ...validBody(), [history.field]: Array.from({ length: 20 }, () => 1) }, tooMany),
  ];
}

/** Bodies that are not objects, then each mutation on its own: the message must name the field broken. */
export function schemaCases<C extends MalformedCase>(make: CaseMaker<C>, validBody: () => Body, mutations: readonly Mutation[]): C[] {
  return [
    ...[[], [validBody()], 5, 'body', null, true, false].map((value) => make.json(`top-level ${JSON.stringify(value)}`, value)),
    ...mutations.map((mutation) => {
      const body = validBody();
      mutation.apply(body);
      return make.json(`broken ${mutation.field}: ${JSON.stringify(body).slice(0, 80)}`, body, { ...make.invalid, mentions: [mutation.field] });
    }),
  ];
}

/** Empty bodies, and a valid body's text spoilt around its edges. */
export function framingCases<C extends MalformedCase>(make: CaseMaker<C>, validText: string): C[] {
  return [
    make.raw('empty body', ''),
    { ...make.raw('empty body, no content-type', ''), contentType: undefined },
    make.raw('whitespace only', ' \n\t '),
    make.raw('byte-order mark before JSON', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(validText)])),
    make.raw('JSON followed by junk', `${validText}}`),
    make.raw('two JSON objects', validText.repeat(2)),
  ];
}

/** Content types that are not JSON: the body is never read as a request. */
export function contentTypeCases<C extends MalformedCase>(make: CaseMaker<C>, validText: string): C[] {
  const types = [
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/xml',
    'text/json',
    'application/jsonl',
    'text/event-stream',
  ];
  const body = Buffer.from(validText);
  return types.map((contentType) => ({ ...make.raw(`content-type ${contentType}`, body, { ...make.invalid, status: 415 }), contentType }));
}

export function truncatedCases<C extends MalformedCase>(make: CaseMaker<C>, text: string, random: SeededRandom, count: number): C[] {
  return Array.from({ length: count }, () => {
    const cut = random.int(1, text.length - 1);
    return make.raw(`truncated at ${cut}: …${text.slice(Math.max(0, cut - 20), cut)}`, text.slice(0, cut));
  });
}

export function randomByteCases<C extends MalformedCase>(make: CaseMaker<C>, random: SeededRandom, count: number): C[] {
  return Array.from({ length: count }, (_, i) => make.raw(`random bytes #${i}`, random.bytes(random.int(1, 600))));
}

/** One to three mutations on a valid body; the message must name at least one of the fields broken. */
export function mutatedCases<C extends MalformedCase>(make: CaseMaker<C>, validBody: () => Body, mutations: readonly Mutation[], random: SeededRandom, count: number): C[] {
  return Array.from({ length: count }, () => {
    const body = validBody();
    const applied = Array.from({ length: random.int(1, 3) }, () => random.pick(mutations));
    for (const mutation of applied) mutation.apply(body);
    const fields = applied.map((mutation) => mutation.field);
    return make.json(`mutated ${fields.join(', ')}`, body, { ...make.invalid, mentions: fields.map((field) => field.split('.')[0] ?? field) });
  });
}

/** Where a route's nesting cases put their deep arrays and objects. */
export interface NestingPlaces {
  /** A body's text up to its history's value, e.g. `{"model":"m","messages":`: the history must be a list of objects. */
  readonly historyPrefix: string;
  /** How a case name says where the nesting is, e.g. `in messages`. */
  readonly historyPlace: string;
  /** The field the message must then name. */
  readonly history: string;
  /** A body's text up to the value of an unknown field, with `missing` left out of the body. */
  readonly unknownFieldPrefix: string;
  readonly missing: string;
}

/** Deep arrays and objects as the history, in an unknown field of a body missing a required one, and unclosed. */
export function nestingCases<C extends MalformedCase>(make: CaseMaker<C>, places: NestingPlaces, random: SeededRandom, count: number): C[] {
  return Array.from({ length: count }, (_, i) => {
    const arrays = i % 2 === 0;
    const depth = arrays ? random.int(50, 1_800) : random.int(50, 600);
    const nested = arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    const form = arrays ? 'arrays' : 'objects';
    if (i % 3 === 0) {
      return make.raw(`${form} ${depth} deep ${places.historyPlace}`, `${places.historyPrefix}${nested}}`, { ...make.invalid, mentions: [places.history] });
    }
    if (i % 3 === 1) {
      return make.raw(`${form} ${depth} deep in an unknown field, no ${places.missing}`, `${places.unknownFieldPrefix}${nested}}`, { ...make.invalid, mentions: [places.missing] });
    }
    return make.raw(`${form} ${depth} deep, unclosed`, `${places.historyPrefix}${nested.slice(0, depth)}`);
  });
}

/** How a route's invalid-UTF-8 cases complete a body around the bad bytes. */
export interface Utf8Places {
  /** What follows `{"model":` and the bad bytes: the rest of a body, from the model's string on. */
  readonly afterModel: string;
  /** A field the schema wants other than a string: the in-string case gives it one, so the message must name it. */
  readonly stringField: string;
  /** What follows `{"model":"` and the bad bytes: the model string closed, and `stringField` set to a string. */
  readonly afterModelText: string;
}

/** Bytes that are not UTF-8: outside strings (never JSON), and inside the strings of an invalid body. */
export function invalidUtf8Cases<C extends MalformedCase>(make: CaseMaker<C>, places: Utf8Places, random: SeededRandom, count: number): C[] {
  // A lone 0xFF, a reversed BOM, an overlong '/', a cut-off '€', a UTF-16 surrogate, a stray continuation, a 5-byte form.
  const sequences = [[0xff], [0xfe, 0xff], [0xc0, 0xaf], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]];
  return Array.from({ length: count }, (_, i) => {
    const bad = Buffer.from(random.pick(sequences));
    const hex = bad.toString('hex');
    if (i % 3 === 0) return make.raw(`invalid UTF-8 ${hex} as the body`, bad);
    if (i % 3 === 1) return make.raw(`invalid UTF-8 ${hex} between tokens`, Buffer.concat([Buffer.from('{"model":'), bad, Buffer.from(places.afterModel)]));
    const body = Buffer.concat([Buffer.from('{"model":"'), bad, Buffer.from(places.afterModelText)]);
    return make.raw(`invalid UTF-8 ${hex} in a string, ${places.stringField} a string`, body, { ...make.invalid, mentions: [places.stringField] });
  });
}
