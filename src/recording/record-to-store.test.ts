import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../core/call-record.js';
import type { JsonObject } from '../core/json.js';
import { anthropicCall, text } from '../history/__test-support__/call-record.js';
import { wholeRequest } from '../store/whole-request.js';
import { ByteSlabs } from './byte-slabs.js';
import { packWorkerBatch, requestInBytes, waitingRecord } from './pack-worker-batch.js';
import { recordFromRow } from './record-row.js';
import { recordToStore } from './record-to-store.js';
import { SharedFieldsCache } from './shared-fields-cache.js';
import { travelledRecords } from './travelled-records.js';
import type { WorkerBatch } from './worker-record.js';
import { redactJson } from './redact.js';
import type { CallToStore } from '../store/request-in-parts.js';

const secret = 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789';
const history = 'We looked at the parser and the tests together, step by step. '.repeat(3);

/** A request as a client sends it, with a key pasted into its newest message. */
const sent = {
  model: 'claude-test',
  max_tokens: 100,
  system: `You are a coding agent. ${history}`,
  messages: [
    { role: 'user', content: history },
    { role: 'assistant', content: 'ok' },
    { role: 'user', content: `Use this key: ${secret}, and remember ${history}` },
  ],
};

/** The record after its trip to the worker: queued without its parsed request, packed, transferred. */
function inWorker(overrides: Partial<CallRecord>, body = JSON.stringify(sent)): CallToStore[] {
  const request = JSON.parse(body) as JsonObject;
  const record = anthropicCall([], [text('done')], { originalRequest: request, originalRequestBytes: Buffer.from(body), finalRequest: request, ...overrides });
  const batch = packWorkerBatch([waitingRecord(record, new ByteSlabs(), new SharedFieldsCache())]);
  return stored(structuredClone(batch, { transfer: [batch.bytes] }), true);
}

/** The batch's records as the worker hands them to a store that keeps requests in parts or not. */
function stored(batch: WorkerBatch, inParts: boolean): CallToStore[] {
  return travelledRecords(batch).map((travelled) => recordToStore(recordFromRow(travelled.json, travelled.shared), travelled, inParts));
}

describe('recordToStore', () => {
  it('splits the request of a call in a session, unparsed, and redacts what will be stored', () => {
    const [stored] = inWorker({ sessionId: 'session-1' });
    expect(stored?.originalRequest).toBe(requestInBytes);
    expect(stored?.finalRequest).toBe(requestInBytes);
    expect(stored?.originalRequestInParts?.parts.map((part) => [part.key, part.index])).toEqual([
      ['system', null],
      ['messages', 0],
      ['messages', 2],
    ]);
    // The newest words, for the search index, lose the key too.
    expect(stored?.userText).toContain('[REDACTED:anthropic-key]');
    expect(stored?.userText).not.toContain(secret);
    const whole = stored === undefined ? undefined : wholeRequest(stored);
    expect(whole?.originalRequest).toEqual(redactJson(sent));
    expect(JSON.stringify(whole)).not.toContain(secret);
  });

  it('keeps a request a policy rewrote, redacted, beside the original in parts', () => {
    const rewritten = { ...sent, max_tokens: 5, messages: [{ role: 'user', content: `again ${secret}` }] };
    const [stored] = inWorker({ sessionId: 'session-1', finalRequest: rewritten });
    expect(stored?.originalRequestInParts).toBeDefined();
    expect(stored?.finalRequest).toEqual(redactJson(rewritten));
  });

  it('parses and redacts the whole request without a session, or when the bytes are not UTF-8', () => {
    const [loose] = inWorker({ sessionId: undefined });
    expect(loose?.originalRequestInParts).toBeUndefined();
    expect(loose?.originalRequest).toEqual(redactJson(sent));
    expect(loose?.finalRequest).toBe(loose?.originalRequest);

    const odd = Buffer.concat([Buffer.from(JSON.stringify(sent).slice(0, -1) + ',"note":"a'), Buffer.from([0xff]), Buffer.from('b"}')]).toString('latin1');
    const request = JSON.parse(Buffer.from(odd, 'latin1').toString('utf8')) as JsonObject;
    const record = anthropicCall([], [text('done')], { sessionId: 'session-1', originalRequest: request, originalRequestBytes: Buffer.from(odd, 'latin1'), finalRequest: request });
    const [odder] = stored(packWorkerBatch([waitingRecord(record, new ByteSlabs(), new SharedFieldsCache())]), true);
    expect(odder?.originalRequestInParts).toBeUndefined();
    expect(odder?.originalRequest).toMatchObject({ note: 'a\uFFFDb' });
  });

  it('parses the whole request for a store that keeps requests whole', () => {
    const record = anthropicCall([], [text('done')], { sessionId: 'session-1', originalRequest: sent, originalRequestBytes: Buffer.from(JSON.stringify(sent)), finalRequest: sent });
    const [whole] = stored(packWorkerBatch([waitingRecord(record, new ByteSlabs(), new SharedFieldsCache())]), false);
    expect(whole?.originalRequestInParts).toBeUndefined();
    expect(whole?.originalRequest).toEqual(redactJson(sent));
  });

  it('keeps the allow-listed headers only, their values scrubbed', () => {
    const token = ['ghp', 'abcdefghijklmnopqrstuvwxyz0123456789'].join('_');
    const [scrubbed] = inWorker({ sessionId: 'session-1', requestHeaders: { authorization: `Bearer ${secret}`, 'user-agent': `my-tool/1.0 (${token})` } });
    expect(scrubbed?.requestHeaders).toEqual({ 'user-agent': 'my-tool/1.0 ([REDACTED:github-token])' });
  });
});
