import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../core/call-record.js';
import type { JsonObject } from '../core/json.js';
import { anthropicCall, text } from '../history/__test-support__/call-record.js';
import { lentSegments } from './__test-support__/lent-segments.js';
import { ByteSlabs } from './byte-slabs.js';
import { packWorkerBatch, waitingRecord as waitingIn } from './pack-worker-batch.js';
import { recordFromRow } from './record-row.js';
import { SharedFieldsCache } from './shared-fields-cache.js';
import { travelledRecords, type TravelledRecord } from './travelled-records.js';
import { unpackWorkerRecord } from './unpack-worker-record.js';
import type { WaitingRecord, WorkerBatch, WorkerRecord, WorkerRequest } from './worker-record.js';

const slabs = new ByteSlabs();
const shared = new SharedFieldsCache();
const waitingRecord = (record: CallRecord): WaitingRecord => waitingIn(record, slabs, shared);
/** A waiting record as the worker reads it: its row, with its shared fields. */
const jsonOf = (waiting: WaitingRecord): WorkerRecord => recordFromRow(lentSegments(waiting).json, waiting.shared);
/** A travelled record as the worker reads it. */
const readOf = (travelled: TravelledRecord): WorkerRecord => recordFromRow(travelled.json, travelled.shared);

/** A recorded call with an answer that a policy changed (so the two responses differ). */
function call(callId: string, extra: Partial<CallRecord>): CallRecord {
  const upstream = anthropicCall([], [text('hi')]).upstreamResponse;
  return anthropicCall([], [text('HI')], { callId, upstreamResponse: upstream, policyEvents: [{ policy: 'shout', type: 'transformed', at: 3 }], ...extra });
}

/** A request as the pipeline has it: the client's bytes (with their own spacing and escapes) and what they parse to. */
function received(text: string): { request: JsonObject; bytes: Buffer } {
  const bytes = Buffer.from(text, 'utf8');
  return { request: JSON.parse(text) as JsonObject, bytes };
}

/** What the worker gets: the batch as `postMessage` delivers it, the byte buffer transferred. */
function delivered(batch: WorkerBatch): CallRecord[] {
  const copy = structuredClone(batch, { transfer: [batch.bytes] });
  return travelledRecords(copy).map((travelled) => unpackWorkerRecord(readOf(travelled), travelled));
}

/** A record as the pipeline made it, less the bytes (which the worker gets as a view of its buffer) and the headers' text. */
const withoutBytes = ({ originalRequestBytes: _bytes, requestHeadersJson: _headers, ...record }: CallRecord): Omit<CallRecord, 'originalRequestBytes' | 'requestHeadersJson'> => record;

const headers = { 'user-agent': 'claude-cli/1.0.98 (external, cli)', 'x-app': 'cli' };

describe('a batch on its way to the recording worker', () => {
  const unchanged = received('{ "model": "claude-test",\n  "messages": [{"role": "user", "content": "caf\\u00e9 → ✓"}] }');
  const rewritten = received('{"model":"claude-test","messages":[{"role":"user","content":"hello"}]}');
  const records = [
    call('unchanged', { originalRequest: unchanged.request, originalRequestBytes: unchanged.bytes, finalRequest: unchanged.request, userText: 'café → ✓', requestHeaders: headers, requestHeadersJson: JSON.stringify(headers) }),
    call('rewritten', { originalRequest: rewritten.request, originalRequestBytes: rewritten.bytes, finalRequest: { ...rewritten.request, max_tokens: 10 }, userText: 'hello', requestHeaders: { ...headers, 'x-app': 'çli' } }),
    call('without-bytes', { originalRequest: { model: 'm', messages: [] }, finalRequest: { model: 'm', messages: [] }, userText: '' }),
    call('rejected', { originalRequest: undefined, finalRequest: undefined, status: 400, outcome: 'rejected', upstreamResponse: undefined, clientResponse: undefined, error: { code: 'LUTHIEN_INVALID_JSON', message: 'bad' } }),
  ];

  it('sends the original requests as their bytes, in one buffer with the records, and each final request once at most', () => {
    const waiting = records.map(waitingRecord);
    const batch = packWorkerBatch(waiting);
    const jsons = waiting.map((record) => Buffer.byteLength(lentSegments(record).json));
    expect(batch.bytes.byteLength).toBe(jsons.reduce((sum, size) => sum + size, 0) + unchanged.bytes.byteLength + rewritten.bytes.byteLength);
    // Each record's row, request and response (none here travel as bytes) end to end.
    const ends: number[] = [];
    let offset = 0;
    for (const [index, record] of waiting.entries()) {
      offset += Buffer.byteLength(lentSegments(record).json);
      ends.push(offset);
      offset += [unchanged.bytes.byteLength, rewritten.bytes.byteLength][index] ?? 0;
      ends.push(offset, offset);
    }
    expect(batch.ends).toEqual(ends);
    const arrived = travelledRecords(structuredClone(batch));
    // The headers travel with the fields a session's calls share, as their JSON text: made as the call
    // began when the pipeline did, else here.
    expect(arrived.map((record) => record.headers)).toEqual([JSON.stringify(headers), JSON.stringify({ ...headers, 'x-app': 'çli' }), '{}', '{}']);
    const texts = arrived.map((record) => record.json);
    const travelling = arrived.map(readOf);
    const how = (request: WorkerRequest | undefined): string | undefined => (typeof request === 'object' ? 'value' : request);
    expect(travelling.map((record) => [how(record.originalRequest), how(record.finalRequest)])).toEqual([
      ['bytes', 'original'],
      ['bytes', 'value'],
      ['value', 'value'],
      [undefined, undefined],
    ]);
    // The parsed request does not travel when its bytes do, nor the headers in the record.
    expect(texts[0]).not.toContain('messages');
    expect(texts[0]).not.toContain('user-agent');
    expect(travelling[0]?.originalRequestBytes).toBeUndefined();
  });

  it('arrives as the records it was made of, a final request that was the original still the same object', () => {
    const arrived = delivered(packWorkerBatch(records.map(waitingRecord)));
    expect(arrived.map(withoutBytes)).toEqual(records.map(withoutBytes));
    expect(arrived[0]?.finalRequest).toBe(arrived[0]?.originalRequest);
    expect(arrived[1]?.finalRequest).not.toBe(arrived[1]?.originalRequest);
    // Each original keeps its own bytes, as the client sent them.
    expect(Buffer.from(arrived[0]?.originalRequestBytes ?? []).equals(unchanged.bytes)).toBe(true);
    expect(Buffer.from(arrived[1]?.originalRequestBytes ?? []).equals(rewritten.bytes)).toBe(true);
    expect(arrived[2]?.originalRequestBytes).toBeUndefined();
  });

  it("sends a client response that is the upstream's own once, and it arrives as the same object", () => {
    const answer = anthropicCall([], [text('same')]).upstreamResponse;
    const record = call('same-answer', { upstreamResponse: answer, clientResponse: answer });
    expect(jsonOf(waitingRecord(record))).toMatchObject({ clientResponse: 'upstream' });
    const [arrived] = delivered(packWorkerBatch([waitingRecord(record)]));
    expect(arrived?.upstreamResponse).toEqual(answer);
    expect(arrived?.clientResponse).toBe(arrived?.upstreamResponse);
  });

  it('sends a verbatim upstream body as its bytes, folded in the worker into both responses', () => {
    const body = Buffer.from(JSON.stringify({ id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-test', content: [{ type: 'text', text: 'folded later' }], stop_reason: 'end_turn', usage: { input_tokens: 3, output_tokens: 2 } }));
    const record = call('verbatim', { originalRequest: rewritten.request, originalRequestBytes: rewritten.bytes, finalRequest: rewritten.request, upstreamResponse: undefined, clientResponse: undefined, upstreamResponseBytes: body, stopReason: null, usage: {} });
    const waiting = waitingRecord(record);
    expect(lentSegments(waiting).response?.equals(body)).toBe(true);
    expect(jsonOf(waiting)).toMatchObject({ upstreamResponse: 'bytes', clientResponse: 'upstream' });
    // Beside another record's request, each gets its own bytes back.
    const [other, arrived] = delivered(packWorkerBatch([waitingRecord(records[0] as CallRecord), waiting]));
    expect(Buffer.from(other?.originalRequestBytes ?? []).equals(unchanged.bytes)).toBe(true);
    expect(Buffer.from(arrived?.originalRequestBytes ?? []).equals(rewritten.bytes)).toBe(true);
    expect(arrived?.upstreamResponse).toEqual({ blocks: [{ type: 'text', text: 'folded later' }], stopReason: 'end-turn', usage: { inputTokens: 3, outputTokens: 2 }, complete: true });
    expect(arrived?.clientResponse).toBe(arrived?.upstreamResponse);
    // The serving thread did not read the body: the stop reason and usage come from it here.
    expect(arrived).toMatchObject({ stopReason: 'end-turn', usage: { inputTokens: 3, outputTokens: 2 } });
  });

  it("sends the fields a session's calls share once per batch, and each record arrives with its own session's", () => {
    const own = new SharedFieldsCache();
    const inSession = (sessionId: string, callId: string, userText: string): WaitingRecord =>
      waitingIn(call(callId, { sessionId, userId: `user-of-${sessionId}`, userText, requestHeadersJson: JSON.stringify({ 'x-app': sessionId }) }), slabs, own);
    const waiting = [inSession('a', 'a1', 'hi'), inSession('b', 'b1', 'yo'), inSession('a', 'a2', 'hi'), inSession('b', 'b2', 'yo'), inSession('a', 'a3', 'next')];
    const batch = packWorkerBatch(waiting);
    expect(batch.shared.map((fields) => [fields.sessionId, fields.userText])).toEqual([
      ['a', 'hi'],
      ['b', 'yo'],
      ['a', 'next'],
    ]);
    expect(batch.sharedOf).toEqual([0, 1, 0, 1, 2]);
    // Not in any row.
    for (const record of waiting) expect(lentSegments(record).json).not.toContain('user-of-');
    const arrived = travelledRecords(structuredClone(batch)).map((travelled) => ({ record: readOf(travelled), headers: travelled.headers }));
    expect(arrived.map(({ record, headers: text }) => [record.callId, record.sessionId, record.userId, record.userText, text])).toEqual([
      ['a1', 'a', 'user-of-a', 'hi', '{"x-app":"a"}'],
      ['b1', 'b', 'user-of-b', 'yo', '{"x-app":"b"}'],
      ['a2', 'a', 'user-of-a', 'hi', '{"x-app":"a"}'],
      ['b2', 'b', 'user-of-b', 'yo', '{"x-app":"b"}'],
      ['a3', 'a', 'user-of-a', 'next', '{"x-app":"a"}'],
    ]);
    // A batch of some of them (what is left after a drop, say) still carries what each needs.
    const later = packWorkerBatch([waiting[3], waiting[4]].filter((record) => record !== undefined));
    expect(travelledRecords(later).map((travelled) => readOf(travelled).sessionId)).toEqual(['b', 'a']);
    expect(later.shared).toHaveLength(2);
  });

  it('parses bytes the way the pipeline does, invalid UTF-8 included', () => {
    const bytes = Buffer.concat([Buffer.from('{"text":"a'), Buffer.from([0xff, 0xfe]), Buffer.from('b"}')]);
    const request = JSON.parse(bytes.toString('utf8')) as JsonObject;
    const [arrived] = delivered(packWorkerBatch([waitingRecord(call('odd-bytes', { originalRequest: request, originalRequestBytes: bytes, finalRequest: request }))]));
    expect(arrived?.originalRequest).toEqual({ text: 'a\uFFFD\uFFFDb' });
  });

  it('fails a record whose bytes do not parse, for the worker to leave it out', () => {
    const batch = packWorkerBatch([waitingRecord(call('broken', { originalRequest: {}, originalRequestBytes: Buffer.from('{"cut'), finalRequest: undefined }))]);
    const [record] = travelledRecords(batch);
    expect(record).toBeDefined();
    if (record !== undefined) expect(() => unpackWorkerRecord(readOf(record), record)).toThrow(SyntaxError);
  });
});

describe('a record waiting in the queue for the recording worker', () => {
  const sent = received('{"model":"claude-test","messages":[{"role":"user","content":"hello"}]}');

  it('is one JSON text, with the user text taken from the parsed request, and the bytes beside it', () => {
    const unchanged = call('unchanged', { originalRequest: sent.request, originalRequestBytes: sent.bytes, finalRequest: sent.request });
    const waiting = waitingRecord(unchanged);
    expect(waiting.callId).toBe('unchanged');
    expect(lentSegments(waiting).request?.equals(sent.bytes)).toBe(true);
    expect(lentSegments(waiting).response).toBeUndefined();
    expect(jsonOf(waiting)).toMatchObject({ callId: 'unchanged', userText: 'hello', originalRequest: 'bytes', finalRequest: 'original' });
  });

  it('is written as JSON can hold it when a policy left a cycle or a BigInt in an event, rather than lost', () => {
    const data: Record<string, unknown> = { count: 10n };
    data.self = data;
    const waiting = waitingRecord(call('odd-event', { policyEvents: [{ policy: 'p', type: 'noted', at: 1, data }] }));
    expect(jsonOf(waiting).policyEvents[0]?.data).toEqual({ count: '10', self: '[Circular]' });
  });
});
