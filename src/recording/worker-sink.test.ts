import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../../test/helpers/open-test-store.js';
import { threadNames } from '../../test/helpers/thread-names.js';
import { schedulingOf, threadScheduling } from '../../test/helpers/thread-scheduling.js';
import { waitFor } from '../../test/integration/support/wait-for.js';
import type { CallRecord } from '../core/call-record.js';
import { createLogger } from '../observability/logger.js';
import type { JsonObject } from '../core/json.js';
import { anthropicCall, text } from '../history/__test-support__/call-record.js';
import { decodeJson } from '../store/decode-column.js';
import { getCall } from '../store/get-call.js';
import type { StoreDialect } from '../store/store.js';
import { recorderThreadName } from './name-thread.js';
import { recordWorkerScript, type WorkerScript } from './record-worker-script.js';
import { Recorder } from './recorder.js';
import { SCHED_IDLE } from './run-thread-when-idle.js';
import type { WaitingRecord } from './worker-record.js';
import type { RecordWorkerData } from './worker-messages.js';
import { WorkerSink, type WorkerSinkOptions } from './worker-sink.js';

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

interface OpenOptions extends Partial<Omit<WorkerSinkOptions, 'data'>> {
  readonly scheduling?: RecordWorkerData['scheduling'];
}

async function open(dialect: StoreDialect, { scheduling = 'idle', ...options }: OpenOptions = {}): Promise<{ test: TestStore; sink: WorkerSink }> {
  test = await openTestStore(dialect);
  sink = new WorkerSink({ data: { store: test.config, busyTimeoutMs: 5000, nice: 10, scheduling }, ...options });
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
    expect(await sink.write([plain, secret, changed].map((record) => sink.waiting(record)), 0)).toEqual({ skipped: [] });
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
    await sink.write([old, recent].map((record) => sink.waiting(record)), 0);
    expect(await sink.purge(2000)).toEqual({ calls: 1, policyEvents: 0, sessions: 0 });
    expect(await storedIds(test)).toEqual([recent.callId]);
  });
});

describe.runIf(process.platform === 'linux')('the recording worker’s share of the CPU', () => {
  it('runs under SCHED_IDLE by default, and at its nice value with scheduling `nice`', async () => {
    const idle = await open('sqlite');
    idle.sink.start();
    // chrt runs as the thread starts: the policy is in place a moment later.
    await waitFor(() => threadScheduling(recorderThreadName).find((thread) => thread.policy === SCHED_IDLE), 5000, 'the worker under SCHED_IDLE');
    expect(threadScheduling(recorderThreadName)).toEqual([expect.objectContaining({ policy: SCHED_IDLE })]);
    await idle.sink.close(1000);
    await idle.test.dispose();

    const nice = await open('sqlite', { scheduling: 'nice' });
    nice.sink.start();
    await waitFor(() => threadScheduling(recorderThreadName)[0], 5000, 'the worker thread');
    expect(await nice.sink.write([nice.sink.waiting(call(plainRequest))], 0)).toEqual({ skipped: [] });
    expect(threadScheduling(recorderThreadName)).toEqual([expect.objectContaining({ policy: 0, nice: 10 })]);
    // Serving keeps the process's own scheduling.
    expect(schedulingOf(process.pid)).toEqual(expect.objectContaining({ policy: 0, nice: 0 }));
  });

  it('catches up with a second worker at its nice value when the idle one falls behind, and hands back once the queue is empty', async () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => lines.push(line) });
    const { test, sink } = await open('sqlite', { catchUpBacklog: 6, logger });
    const written: string[] = [];
    const write = async (backlog: number): Promise<void> => {
      const callId = `call-${written.length + 1}`;
      written.push(callId);
      expect(await sink.write([sink.waiting(call(plainRequest, { callId }))], backlog)).toEqual({ skipped: [] });
    };

    await write(2);
    const idle = sink.thread;
    await waitFor(() => threadScheduling(recorderThreadName).find((thread) => thread.policy === SCHED_IDLE), 5000, 'the worker under SCHED_IDLE');
    expect(threadScheduling(recorderThreadName)).toHaveLength(1);

    // Half the mark behind: the second worker starts loading, the idle one still writes.
    await write(3);
    expect(sink.thread).toBe(idle);
    await waitFor(() => (threadScheduling(recorderThreadName).length === 2 ? true : undefined), 5000, 'a second worker thread');

    // At the mark, and once the second has loaded, it takes the batches: at its nice value, not idle.
    await waitFor(async () => ((await write(6), sink.thread !== idle) ? true : undefined), 5000, 'the second worker to take over');
    const catchingUp = sink.thread;
    const threads = threadScheduling(recorderThreadName).map(({ policy, nice }) => ({ policy, nice }));
    expect(threads.sort((a, b) => a.policy - b.policy)).toEqual([
      { policy: 0, nice: 10 },
      { policy: SCHED_IDLE, nice: 10 },
    ]);
    expect(lines.filter((line) => line.includes('recording is behind'))).toHaveLength(1);

    // Still behind, though less: it keeps writing; nothing behind: the idle one takes over again.
    await write(1);
    expect(sink.thread).toBe(catchingUp);
    await write(0);
    expect(sink.thread).toBe(idle);
    expect(await storedIds(test)).toEqual([...written].sort());
  });

  it('keeps to one worker with scheduling `nice`, however far behind', async () => {
    const { sink } = await open('sqlite', { scheduling: 'nice', catchUpBacklog: 5 });
    await sink.write([sink.waiting(call(plainRequest))], 1000);
    await sink.write([sink.waiting(call(plainRequest, { callId: 'call-2' }))], 0);
    expect(threadScheduling(recorderThreadName)).toEqual([expect.objectContaining({ policy: 0, nice: 10 })]);
  });

  it('stays at its nice value, and says so, where chrt cannot be run', async () => {
    test = await openTestStore('sqlite');
    const lines: string[] = [];
    const logger = createLogger('warn', { write: (line: string) => lines.push(line) });
    const path = process.env.PATH;
    // A worker's environment is a copy of this thread's, taken as it starts: it finds no chrt.
    process.env.PATH = '/nonexistent';
    try {
      sink = new WorkerSink({ data: { store: test.config, busyTimeoutMs: 5000, nice: 10, scheduling: 'idle' }, logger });
      sink.start();
    } finally {
      process.env.PATH = path;
    }
    const warning = await waitFor(() => lines.find((line) => line.includes('SCHED_IDLE')), 5000, 'a warning');
    const logged = JSON.parse(warning) as { msg: string; err: string };
    expect(logged.msg).toBe('recording worker');
    expect(logged.err).toMatch(/^recording runs at nice 10, not under SCHED_IDLE .*chrt.*ENOENT/);
    expect(threadScheduling(recorderThreadName)).toEqual([expect.objectContaining({ policy: 0, nice: 10 })]);
    expect(await sink.write([sink.waiting(call(plainRequest))], 0)).toEqual({ skipped: [] });
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
    const { test, sink } = await open('sqlite', { script: brokenFirst });
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
