import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../../test/helpers/open-test-store.js';
import { threadNames } from '../../test/helpers/thread-names.js';
import { waitFor } from '../../test/integration/support/wait-for.js';
import type { CallRecord } from '../core/call-record.js';
import type { JsonObject } from '../core/json.js';
import { anthropicCall, text } from '../history/__test-support__/call-record.js';
import { decodeJson } from '../store/decode-column.js';
import { getCall } from '../store/get-call.js';
import type { StoreDialect } from '../store/store.js';
import { recorderThreadName } from './name-thread.js';
import { recordWorkerScript, type WorkerScript } from './record-worker-script.js';
import { Recorder } from './recorder.js';
import type { WaitingRecord } from './worker-record.js';
import { WorkerSink } from './worker-sink.js';

// Built from pieces so no scanner mistakes this file for a leak.
const anthropicKey = ['sk', 'ant', 'api03', 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA_-xyz'].join('-');

/** A finished call as the pipeline hands it over: the request parsed, with the bytes it came from. */
function call(requestText: string, extra: Partial<CallRecord> = {}): CallRecord {
  const request = JSON.parse(requestText) as JsonObject;
  return anthropicCall([], [text('done')], {
    originalRequest: request,
    originalRequestBytes: Buffer.from(requestText),
    finalRequest: request,
    requestHeaders: { authorization: `Bearer ${anthropicKey}`, 'user-agent': 'claude-cli/2.0' },
    ...extra,
  });
}

const plainRequest = '{ "model": "claude-test",  "messages": [{"role": "user", "content": "caf\\u00e9, s\'il vous pla\\u00eet"}] }';

let test: TestStore | undefined;
let sink: WorkerSink | undefined;
let recorder: Recorder<WaitingRecord> | undefined;

afterEach(async () => {
  await recorder?.close(1000);
  await sink?.close(1000);
  await test?.dispose();
  recorder = undefined;
  sink = undefined;
  test = undefined;
});

async function open(dialect: StoreDialect, script?: () => WorkerScript): Promise<{ test: TestStore; sink: WorkerSink }> {
  test = await openTestStore(dialect);
  sink = new WorkerSink({ data: { store: test.config, busyTimeoutMs: 5000, nice: 10 }, ...(script === undefined ? {} : { script }) });
  return { test, sink };
}

async function storedIds(store: TestStore): Promise<string[]> {
  const rows = await store.store.db.selectFrom('calls').select('call_id').orderBy('call_id').execute();
  return rows.map((row) => row.call_id);
}

describe.each(['sqlite', 'postgres'] as const)('the recording worker on %s', (dialect) => {
  it('writes a batch off the main thread: requests from their bytes, stored once, secrets and credentials gone', async () => {
    const { test, sink } = await open(dialect);
    const plain = call(plainRequest);
    const secret = call(`{"model":"claude-test","messages":[{"role":"user","content":"my key is ${anthropicKey}"}]}`);
    const rewritten = call(plainRequest);
    const changed = { ...rewritten, finalRequest: { ...rewritten.originalRequest, max_tokens: 5 } };
    expect(await sink.write([plain, secret, changed].map((record) => sink.waiting(record)))).toEqual({ skipped: [] });
    // The thread is named, so its CPU can be told from the thread that serves requests.
    if (process.platform === 'linux') expect(threadNames()).toContain(recorderThreadName);

    const rows = await test.store.db.selectFrom('calls').select(['call_id', 'original_request', 'final_request']).orderBy('call_id').execute();
    expect(rows.map((row) => decodeJson(row.final_request))).toEqual([true, true, changed.finalRequest]);
    // SQLite keeps the client's own JSON text when nothing in it was redacted; Postgres parses it into jsonb.
    if (dialect === 'sqlite') expect(rows[0]?.original_request).toBe(plainRequest);

    const read = await getCall(test.store, plain.callId);
    const { originalRequestBytes: _bytes, ...expected } = plain;
    expect(read).toEqual({ ...expected, requestHeaders: { 'user-agent': 'claude-cli/2.0' } });
    expect(read?.finalRequest).toBe(read?.originalRequest);
    const redacted = await getCall(test.store, secret.callId);
    expect(redacted?.originalRequest).toEqual({ model: 'claude-test', messages: [{ role: 'user', content: 'my key is [REDACTED:anthropic-key]' }] });
    expect(redacted?.finalRequest).toBe(redacted?.originalRequest);
    expect(JSON.stringify(await getCall(test.store, changed.callId))).not.toContain(anthropicKey);
  });

  it('purges old calls where it writes them', async () => {
    const { test, sink } = await open(dialect);
    const old = call(plainRequest, { receivedAt: 1000 });
    const recent = call(plainRequest);
    await sink.write([old, recent].map((record) => sink.waiting(record)));
    expect(await sink.purge(2000)).toEqual({ calls: 1, policyEvents: 0, sessions: 0 });
    expect(await storedIds(test)).toEqual([recent.callId]);
  });
});

describe('the recording worker, when it fails', () => {
  it('is restarted after it dies in the middle of a write, and the recorder writes that batch again, once', async () => {
    const { test, sink } = await open('sqlite');
    recorder = new Recorder(sink, { queueMax: 100, batchSize: 3, flushMs: 10, writeTimeoutMs: 30_000, retryMinMs: 20 });
    const before = [call(plainRequest), call(plainRequest), call(plainRequest)];
    for (const record of before) recorder.record(record);
    await waitFor(async () => ((await storedIds(test)).length === 3 ? true : undefined), 20_000, 'the first batch written');
    const first = sink.thread;
    expect(first).toBeDefined();

    // Another connection holds the write lock, so the next batch is surely still in the worker when it dies.
    const lock = new SqliteDatabase(join(test.config.DATA_DIR, 'luthien.db'));
    lock.prepare('BEGIN IMMEDIATE').run();
    const during = [call(plainRequest), call(plainRequest), call(plainRequest)];
    for (const record of during) recorder.record(record);
    await waitFor(() => (sink.pendingRequests === 1 ? true : undefined), 5000, 'the batch posted to the worker');
    const stopped = first?.terminate();
    lock.prepare('COMMIT').run();
    lock.close();
    expect(await stopped).toBe(1);

    await waitFor(async () => ((await storedIds(test)).length === 6 ? true : undefined), 20_000, 'the batch written again');
    expect(sink.thread).toBeDefined();
    expect(sink.thread).not.toBe(first);
    expect(await storedIds(test)).toEqual([...before, ...during].map((record) => record.callId));
    // The rows can be read a moment before the worker's answer reaches the recorder.
    const status = await waitFor(() => (recorder?.status().written === 6 ? recorder.status() : undefined), 5000, 'the recorder to hear the batch landed');
    expect(status).toMatchObject({ written: 6, dropped: 0, queueDepth: 0, state: 'ok' });
    expect(status.failures).toBeGreaterThanOrEqual(1);
    expect(status.lastError).toMatch(/recording worker stopped/);
    // The batch was packed again from the records' slabs, intact (none dropped as unreadable), and then released.
    expect(sink.lentRecords).toBe(0);
    const sessions = await sql<{ call_count: number }>`SELECT call_count FROM sessions WHERE session_id = 'session-1'`.execute(test.store.db);
    expect(sessions.rows).toEqual([{ call_count: 6 }]);
  });

  it('degrades recording while it cannot start, and writes everything once it can', async () => {
    let starts = 0;
    const brokenFirst = (): WorkerScript => {
      starts++;
      return starts <= 2 ? { filename: 'throw new Error("the recording worker cannot load")', eval: true } : recordWorkerScript();
    };
    const { test, sink } = await open('sqlite', brokenFirst);
    recorder = new Recorder(sink, { queueMax: 100, batchSize: 2, flushMs: 10, writeTimeoutMs: 30_000, retryMinMs: 20, retryMaxMs: 40 });
    const records = [call(plainRequest), call(plainRequest)];
    for (const record of records) recorder.record(record);
    const degraded = await waitFor(() => (recorder?.status().state === 'degraded' ? recorder.status() : undefined), 10_000, 'the recorder degraded');
    expect(degraded).toMatchObject({ queueDepth: 2, dropped: 0, written: 0 });
    expect(degraded.lastError).toContain('the recording worker cannot load');

    await waitFor(async () => ((await storedIds(test)).length === 2 ? true : undefined), 20_000, 'the calls written by a worker that started');
    expect(starts).toBe(3);
    // The rows can be read a moment before the worker's answer reaches the recorder.
    const status = await waitFor(() => (recorder?.status().written === 2 ? recorder.status() : undefined), 5000, 'the recorder to hear the batch landed');
    expect(status).toMatchObject({ state: 'ok', written: 2, dropped: 0, queueDepth: 0 });
    // Every record waited in the slabs through the failures, and gave its room back once written.
    expect(sink.lentRecords).toBe(0);
  });

  it('leaves out a record it cannot prepare, counts it as dropped, and writes the rest of its batch', async () => {
    const { test, sink } = await open('sqlite');
    recorder = new Recorder(sink, { queueMax: 100, batchSize: 2, flushMs: 10, writeTimeoutMs: 30_000 });
    const good = call(plainRequest);
    const broken = { ...call(plainRequest), originalRequestBytes: Buffer.from('{"cut') };
    recorder.record(broken);
    recorder.record(good);
    await waitFor(() => (recorder?.status().queueDepth === 0 ? true : undefined), 20_000, 'the batch settled');
    expect(await storedIds(test)).toEqual([good.callId]);
    const status = recorder.status();
    expect(status).toMatchObject({ written: 1, dropped: 1, failures: 0 });
    expect(status.lastError).toContain(`record ${broken.callId} could not be prepared`);
    expect(sink.lentRecords).toBe(0);
  });
});
