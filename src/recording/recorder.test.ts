import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallRecord } from '../core/call-record.js';
import type { RecordSink, SinkWriteResult } from './record-sink.js';
import { Recorder, type RecorderOptions, type RecorderStatus } from './recorder.js';

function call(index: number, extra: Partial<CallRecord> = {}): CallRecord {
  return {
    callId: `call-${index}`,
    sessionId: undefined,
    userId: undefined,
    format: 'anthropic',
    backend: 'anthropic',
    model: 'claude-test',
    stream: false,
    status: 200,
    outcome: 'completed',
    stopReason: 'end-turn',
    usage: {},
    receivedAt: 0,
    timings: {},
    originalRequest: undefined,
    finalRequest: undefined,
    requestHeaders: {},
    upstreamResponse: undefined,
    clientResponse: undefined,
    policyEvents: [],
    error: undefined,
    ...extra,
  };
}

type Mode = 'ok' | 'fail' | 'hang' | 'throw';

/** A sink whose behaviour the test switches; it remembers every attempt and what landed. */
class FakeSink implements RecordSink {
  mode: Mode = 'ok';
  readonly attempts: { at: number; ids: string[]; backlog: number }[] = [];
  readonly landed: CallRecord[] = [];
  readonly hung: { resolve: () => void; reject: (error: Error) => void }[] = [];
  /** Records the recorder gave back, in order. */
  readonly released: string[] = [];

  waiting(record: CallRecord): CallRecord {
    return record;
  }

  release(records: readonly CallRecord[]): void {
    this.released.push(...records.map((record) => record.callId));
  }

  write(batch: readonly CallRecord[], backlog: number): Promise<SinkWriteResult | undefined> {
    this.attempts.push({ at: Date.now(), ids: batch.map((record) => record.callId), backlog });
    switch (this.mode) {
      case 'ok':
        this.landed.push(...batch);
        return Promise.resolve(undefined);
      case 'fail':
        return Promise.reject(new Error('connection refused: postgres://luthien:hunter2@db.internal/luthien'));
      case 'throw':
        throw new Error('sink threw synchronously');
      case 'hang':
        return new Promise((resolve, reject) => this.hung.push({ resolve: () => { this.landed.push(...batch); resolve(undefined); }, reject }));
    }
  }

  landedIds(): string[] {
    return this.landed.map((record) => record.callId);
  }
}

const ids = (from: number, to: number): string[] => Array.from({ length: to - from }, (_, offset) => `call-${from + offset}`);

let sink: FakeSink;
let recorder: Recorder;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);

function makeRecorder(options: Partial<RecorderOptions> = {}): Recorder {
  recorder = new Recorder(sink, { queueMax: 100, batchSize: 10, flushMs: 100, writeTimeoutMs: 1000, ...options });
  return recorder;
}

function recordRange(from: number, to: number): void {
  for (let index = from; index < to; index += 1) recorder.record(call(index));
}

/** Two records whose write hangs, then a close that gives up on it after 500 ms: what close answers. */
async function closeWhileWriteHangs(): Promise<RecorderStatus> {
  makeRecorder({ writeTimeoutMs: 10_000 });
  sink.mode = 'hang';
  recordRange(0, 2);
  await vi.advanceTimersByTimeAsync(100);
  const closing = recorder.close(500);
  await vi.advanceTimersByTimeAsync(500);
  return closing;
}

/** Lets pending promise callbacks run without moving the clock. */
const settle = (): Promise<void> => vi.advanceTimersByTimeAsync(0).then(() => undefined);

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
  sink = new FakeSink();
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
});

afterEach(async () => {
  // Whatever a test left, closing must leave no timer behind and no rejection unhandled.
  const closing = recorder.close(10_000);
  await vi.advanceTimersByTimeAsync(10_000);
  await closing;
  expect(vi.getTimerCount()).toBe(0);
  // Whatever a test did, no record was given back twice, and every one that landed was given back.
  expect(new Set(sink.released).size).toBe(sink.released.length);
  expect(sink.landedIds().filter((id) => !sink.released.includes(id))).toEqual([]);
  process.off('unhandledRejection', onUnhandled);
  vi.useRealTimers();
  expect(unhandled).toEqual([]);
});

describe('Recorder batching', () => {
  it('writes a full batch at once and a partial one after flushMs', async () => {
    makeRecorder({ batchSize: 3, flushMs: 100 });
    recordRange(0, 4);
    await settle();
    expect(sink.attempts.map((attempt) => attempt.ids)).toEqual([ids(0, 3)]);
    await vi.advanceTimersByTimeAsync(99);
    expect(sink.attempts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sink.attempts.map((attempt) => attempt.ids)).toEqual([ids(0, 3), ids(3, 4)]);
    expect(recorder.status()).toEqual({ queueDepth: 0, dropped: 0, written: 4, failures: 0, state: 'ok' });
  });

  it('queues records arriving during a write and writes them next, in order, telling the sink how many wait behind each batch', async () => {
    makeRecorder({ batchSize: 2 });
    sink.mode = 'hang';
    recordRange(0, 2);
    await settle();
    recordRange(2, 7);
    expect(recorder.status().queueDepth).toBe(7);
    sink.mode = 'ok';
    sink.hung[0]?.resolve();
    await vi.advanceTimersByTimeAsync(100);
    expect(sink.attempts.map((attempt) => attempt.ids)).toEqual([ids(0, 2), ids(2, 4), ids(4, 6), ids(6, 7)]);
    expect(sink.attempts.map((attempt) => attempt.backlog)).toEqual([0, 3, 1, 0]);
    expect(sink.landedIds()).toEqual(ids(0, 7));
  });
});

describe('Recorder failures', () => {
  it('keeps a failed batch, retries with a doubling backoff capped at retryMaxMs, and recovers in order', async () => {
    makeRecorder({ batchSize: 5, retryMinMs: 100, retryMaxMs: 500 });
    sink.mode = 'fail';
    recordRange(0, 5);
    await settle();
    expect(recorder.status()).toMatchObject({ state: 'degraded', failures: 1, queueDepth: 5 });
    await vi.advanceTimersByTimeAsync(100 + 200 + 400 + 500 + 500);
    const start = sink.attempts[0]?.at ?? 0;
    expect(sink.attempts.map((attempt) => attempt.at - start)).toEqual([0, 100, 300, 700, 1200, 1700]);
    expect(sink.attempts.every((attempt) => attempt.ids.join() === ids(0, 5).join())).toBe(true);
    recordRange(5, 8);
    sink.mode = 'ok';
    await vi.advanceTimersByTimeAsync(500 + 100);
    expect(sink.landedIds()).toEqual(ids(0, 8));
    const status = recorder.status();
    expect(status).toMatchObject({ state: 'ok', failures: 6, written: 8, dropped: 0, queueDepth: 0 });
    expect(status.lastError).toContain('connection refused');
  });

  it('keeps secrets out of lastError', async () => {
    makeRecorder();
    sink.mode = 'fail';
    recordRange(0, 1);
    await vi.advanceTimersByTimeAsync(100);
    expect(recorder.status().lastError).toBe('connection refused: postgres://luthien:[REDACTED:password]@db.internal/luthien');
  });

  it('drops exactly the oldest records past the bound and keeps accepting', async () => {
    makeRecorder({ queueMax: 5, batchSize: 5, degradedAfterDropMs: 60_000 });
    sink.mode = 'fail';
    recordRange(0, 1);
    await vi.advanceTimersByTimeAsync(100);
    expect(sink.attempts).toHaveLength(1);
    recordRange(1, 12);
    expect(recorder.status()).toMatchObject({ queueDepth: 5, dropped: 7 });
    sink.mode = 'ok';
    await vi.advanceTimersByTimeAsync(100);
    expect(sink.landedIds()).toEqual(ids(7, 12));
    expect(recorder.status()).toMatchObject({ queueDepth: 0, dropped: 7, written: 5, state: 'degraded' });
    // A drop keeps the recorder degraded for degradedAfterDropMs after the sink recovered.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(recorder.status().state).toBe('ok');
  });

  it('holds the batch being written besides the bound; a failed one comes back as the oldest, first to go', async () => {
    makeRecorder({ queueMax: 4, batchSize: 2 });
    sink.mode = 'hang';
    recordRange(0, 2);
    await settle();
    recordRange(2, 6);
    expect(recorder.status()).toMatchObject({ queueDepth: 6, dropped: 0 });
    sink.hung[0]?.reject(new Error('lost connection'));
    await settle();
    expect(recorder.status()).toMatchObject({ queueDepth: 4, dropped: 2 });
    sink.mode = 'ok';
    await vi.advanceTimersByTimeAsync(100);
    expect(sink.landedIds()).toEqual(['call-2', 'call-3', 'call-4', 'call-5']);
    expect(recorder.status()).toMatchObject({ queueDepth: 0, dropped: 2, written: 4, failures: 1 });
  });

  it('times out a hung write, retries it, and ignores the hung one settling late', async () => {
    makeRecorder({ writeTimeoutMs: 1000 });
    sink.mode = 'hang';
    recordRange(0, 3);
    await vi.advanceTimersByTimeAsync(100 + 999);
    expect(recorder.status()).toMatchObject({ failures: 0, queueDepth: 3 });
    await vi.advanceTimersByTimeAsync(1);
    expect(recorder.status()).toMatchObject({ failures: 1, state: 'degraded', lastError: 'sink write timed out after 1000 ms' });
    sink.mode = 'ok';
    await vi.advanceTimersByTimeAsync(100);
    expect(recorder.status()).toMatchObject({ written: 3, queueDepth: 0, state: 'ok' });
    sink.hung[0]?.reject(new Error('late failure'));
    await settle();
    expect(recorder.status()).toMatchObject({ written: 3, failures: 1 });
  });

  it('survives a sink that throws instead of rejecting', async () => {
    makeRecorder();
    sink.mode = 'throw';
    expect(() => recordRange(0, 2)).not.toThrow();
    await vi.advanceTimersByTimeAsync(100);
    expect(recorder.status()).toMatchObject({ failures: 1, lastError: 'sink threw synchronously', queueDepth: 2 });
  });
});

describe('Recorder close', () => {
  it('flushes what is queued, without waiting for flushMs, and leaves no timer', async () => {
    makeRecorder({ batchSize: 4, flushMs: 60_000 });
    recordRange(0, 10);
    const status = await recorder.close();
    expect(sink.landedIds()).toEqual(ids(0, 10));
    expect(status).toMatchObject({ written: 10, queueDepth: 0, dropped: 0 });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('gives up at the deadline and counts what is left as dropped', async () => {
    makeRecorder({ batchSize: 4 });
    sink.mode = 'fail';
    recordRange(0, 6);
    const closing = recorder.close(1000);
    await vi.advanceTimersByTimeAsync(1000);
    const status = await closing;
    expect(status).toMatchObject({ written: 0, queueDepth: 0, dropped: 6 });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('counts records after close as dropped', async () => {
    makeRecorder();
    await recorder.close();
    recordRange(0, 2);
    expect(recorder.status()).toMatchObject({ dropped: 2, queueDepth: 0 });
  });

  it('leaves a write still hanging at the deadline counted until it settles', async () => {
    expect(await closeWhileWriteHangs()).toMatchObject({ queueDepth: 2, dropped: 0 });
    sink.hung[0]?.resolve();
    await settle();
    expect(recorder.status()).toMatchObject({ queueDepth: 0, written: 2, dropped: 0 });
  });
});

describe('Recorder giving records back to its sink', () => {
  it('gives each record back once it is written or dropped, and not while its failed batch waits for a retry', async () => {
    makeRecorder({ queueMax: 6, batchSize: 4 });
    sink.mode = 'fail';
    recordRange(0, 4);
    await settle();
    expect(sink.attempts).toHaveLength(1);
    expect(sink.released).toEqual([]);
    // Eight waiting against a bound of six: the two oldest, from the failed batch, are dropped.
    recordRange(4, 8);
    expect(sink.released).toEqual(ids(0, 2));
    sink.mode = 'ok';
    await vi.advanceTimersByTimeAsync(300);
    expect(sink.landedIds()).toEqual(ids(2, 8));
    expect(sink.released).toEqual(ids(0, 8));
  });

  it('gives back what close leaves unwritten', async () => {
    makeRecorder({ batchSize: 4 });
    sink.mode = 'fail';
    recordRange(0, 6);
    const closing = recorder.close(1000);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await closing).toMatchObject({ dropped: 6 });
    expect([...sink.released].sort()).toEqual(ids(0, 6).sort());
  });

  it('gives back a batch whose write fails after close gave up on it', async () => {
    await closeWhileWriteHangs();
    expect(sink.released).toEqual([]);
    sink.hung[0]?.reject(new Error('gone'));
    await settle();
    expect(sink.released).toEqual(ids(0, 2));
    expect(recorder.status()).toMatchObject({ queueDepth: 0, dropped: 2 });
  });
});

describe('Recorder and its sink', () => {
  it('counts the records a sink could not prepare as dropped, and the rest as written', async () => {
    makeRecorder({ batchSize: 3 });
    const write = sink.write.bind(sink);
    sink.write = async (batch, backlog) => {
      await write(batch, backlog);
      return { skipped: [{ callId: 'call-1', reason: 'unexpected end of JSON' }] };
    };
    recordRange(0, 3);
    await settle();
    expect(recorder.status()).toMatchObject({ written: 2, dropped: 1, failures: 0, queueDepth: 0, state: 'degraded', lastError: 'record call-1 could not be prepared: unexpected end of JSON' });
  });

  it('keeps only the allow-listed headers', () => {
    makeRecorder();
    expect(recorder.keepHeaders({ 'x-api-key': 'secret', 'anthropic-version': '2023-06-01', host: 'localhost' })).toEqual({ 'anthropic-version': '2023-06-01' });
  });

  it('counts a record its sink could not make ready to wait as dropped, and the request path never knows', () => {
    makeRecorder();
    sink.waiting = () => {
      throw new Error('cannot serialise');
    };
    expect(() => recorder.record(call(7))).not.toThrow();
    expect(recorder.status()).toMatchObject({ queueDepth: 0, dropped: 1, lastError: 'record call-7 could not be prepared: cannot serialise' });
  });
});
