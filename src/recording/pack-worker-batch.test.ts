import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../core/call-record.js';
import type { JsonObject } from '../core/json.js';
import { anthropicCall, text } from '../history/__test-support__/call-record.js';
import { packWorkerBatch, requestInBytes, waitingRecord } from './pack-worker-batch.js';
import { unpackWorkerRecord } from './unpack-worker-record.js';
import type { WorkerBatch } from './worker-record.js';

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
  const bytes = Buffer.from(copy.bytes);
  return copy.records.map((record) => unpackWorkerRecord(record, bytes));
}

describe('a batch on its way to the recording worker', () => {
  const unchanged = received('{ "model": "claude-test",\n  "messages": [{"role": "user", "content": "caf\\u00e9 → ✓"}] }');
  const rewritten = received('{"model":"claude-test","messages":[{"role":"user","content":"hello"}]}');
  const records = [
    call('unchanged', { originalRequest: unchanged.request, originalRequestBytes: unchanged.bytes, finalRequest: unchanged.request }),
    call('rewritten', { originalRequest: rewritten.request, originalRequestBytes: rewritten.bytes, finalRequest: { ...rewritten.request, max_tokens: 10 } }),
    call('without-bytes', { originalRequest: { model: 'm', messages: [] }, finalRequest: { model: 'm', messages: [] } }),
    call('rejected', { originalRequest: undefined, finalRequest: undefined, status: 400, outcome: 'rejected', upstreamResponse: undefined, clientResponse: undefined, error: { code: 'LUTHIEN_INVALID_JSON', message: 'bad' } }),
  ];

  it('sends the original requests as their bytes, in one buffer, and each final request once at most', () => {
    const batch = packWorkerBatch(records);
    expect(batch.bytes.byteLength).toBe(unchanged.bytes.byteLength + rewritten.bytes.byteLength);
    expect(batch.records.map((record) => [record.originalRequest?.kind, record.finalRequest?.kind])).toEqual([
      ['bytes', 'original'],
      ['bytes', 'value'],
      ['value', 'value'],
      [undefined, undefined],
    ]);
    // The parsed request is not cloned with the message, nor the pipeline's buffer.
    expect(JSON.stringify(batch.records[0])).not.toContain('messages');
    expect(batch.records[0]?.originalRequestBytes).toBeUndefined();
  });

  it('arrives as the records it was made of, a final request that was the original still the same object', () => {
    const arrived = delivered(packWorkerBatch(records));
    expect(arrived.map(({ originalRequestBytes: _bytes, ...record }) => record)).toEqual(records.map(({ originalRequestBytes: _bytes, ...record }) => record));
    expect(arrived[0]?.finalRequest).toBe(arrived[0]?.originalRequest);
    expect(arrived[1]?.finalRequest).not.toBe(arrived[1]?.originalRequest);
    // Each original keeps its own bytes, as the client sent them.
    expect(Buffer.from(arrived[0]?.originalRequestBytes ?? []).equals(unchanged.bytes)).toBe(true);
    expect(Buffer.from(arrived[1]?.originalRequestBytes ?? []).equals(rewritten.bytes)).toBe(true);
    expect(arrived[2]?.originalRequestBytes).toBeUndefined();
  });

  it('parses bytes the way the pipeline does, invalid UTF-8 included', () => {
    const bytes = Buffer.concat([Buffer.from('{"text":"a'), Buffer.from([0xff, 0xfe]), Buffer.from('b"}')]);
    const request = JSON.parse(bytes.toString('utf8')) as JsonObject;
    const [arrived] = delivered(packWorkerBatch([call('odd-bytes', { originalRequest: request, originalRequestBytes: bytes, finalRequest: request })]));
    expect(arrived?.originalRequest).toEqual({ text: 'a\uFFFD\uFFFDb' });
  });

  it('fails a record whose bytes do not parse, for the worker to leave it out', () => {
    const batch = packWorkerBatch([call('broken', { originalRequest: {}, originalRequestBytes: Buffer.from('{"cut'), finalRequest: undefined })]);
    const [record] = batch.records;
    expect(record).toBeDefined();
    if (record !== undefined) expect(() => unpackWorkerRecord(record, Buffer.from(batch.bytes))).toThrow(SyntaxError);
  });
});

describe('a record waiting in the queue for the recording worker', () => {
  const sent = received('{"model":"claude-test","messages":[{"role":"user","content":"hello"}]}');

  it('lets the parsed request go when its bytes travel instead, keeping the user text, and packs as the full record does', () => {
    const unchanged = call('unchanged', { originalRequest: sent.request, originalRequestBytes: sent.bytes, finalRequest: sent.request });
    const rewritten = call('rewritten', { originalRequest: sent.request, originalRequestBytes: sent.bytes, finalRequest: { ...sent.request, max_tokens: 5 } });
    const waiting = [waitingRecord(unchanged), waitingRecord(rewritten)];
    expect(waiting.map((record) => record.originalRequest)).toEqual([requestInBytes, requestInBytes]);
    expect(waiting[0]?.finalRequest).toBe(requestInBytes);
    expect(waiting[1]?.finalRequest).toEqual({ ...sent.request, max_tokens: 5 });
    expect(waiting.map((record) => record.userText)).toEqual(['hello', 'hello']);
    expect(delivered(packWorkerBatch(waiting))).toEqual(delivered(packWorkerBatch([unchanged, rewritten])).map((record) => ({ ...record, userText: 'hello' })));
    // Waiting again changes nothing.
    expect(waitingRecord(waiting[0] as CallRecord)).toBe(waiting[0]);
  });

  it('keeps a request that has no bytes to travel as', () => {
    const built = call('built', { originalRequest: { model: 'm', messages: [] }, finalRequest: { model: 'm', messages: [] } });
    expect(waitingRecord(built)).toBe(built);
  });
});
