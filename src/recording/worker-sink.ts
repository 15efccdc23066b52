import { Worker } from 'node:worker_threads';
import type { CallRecord } from '../core/call-record.js';
import type { Logger } from '../observability/logger.js';
import type { DeletionCounts } from '../store/deletion-counts.js';
import { ByteSlabs } from './byte-slabs.js';
import { packWorkerBatch, waitingRecord } from './pack-worker-batch.js';
import type { RecordSink, SinkWriteResult } from './record-sink.js';
import { recordWorkerScript, type WorkerScript } from './record-worker-script.js';
import { redactSecrets } from './redact.js';
import type { FromRecordWorker, RecordWorkerData, ToRecordWorker } from './worker-messages.js';
import type { WaitingRecord } from './worker-record.js';

export interface WorkerSinkOptions {
  readonly data: RecordWorkerData;
  readonly logger?: Logger;
  /** The worker's entry point: the recording worker unless a test says otherwise. */
  readonly script?: () => WorkerScript;
}

type Answer = Exclude<FromRecordWorker, { type: 'warn' | 'closed' }>;

interface Pending {
  readonly worker: Worker;
  resolve(answer: Answer): void;
  reject(error: Error): void;
}

/**
 * The recorder's sink when recording runs in a worker thread (record-worker.ts): each `write` posts the
 * batch to the worker and settles on its answer, so the recorder's queue, retries, timeouts and
 * figures work as they do with any sink, while redaction, serialisation and the database run off the
 * main thread. A worker that dies (or cannot start) fails the writes it had, which the recorder
 * retries; the next write starts a new worker. Nothing here throws at the request path: the recorder
 * calls `write` from its own background flush.
 */
export class WorkerSink implements RecordSink<WaitingRecord> {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  /** Why the current worker failed, for the writes its exit fails. */
  private readonly failures = new WeakMap<Worker, string>();
  private readonly closing = new WeakMap<Worker, () => void>();
  /** Workers that were asked for something, so may have a database open. */
  private readonly used = new WeakSet<Worker>();
  /** Where waiting records keep their bytes until the recorder releases them. */
  private readonly slabs = new ByteSlabs();

  constructor(private readonly options: WorkerSinkOptions) {}

  /** The worker thread now running, if any (for diagnostics and tests). */
  get thread(): Worker | undefined {
    return this.worker;
  }

  /** Requests posted to the worker and not yet answered. */
  get pendingRequests(): number {
    return this.pending.size;
  }

  /** Records holding room in the slabs that the recorder has not released yet (for diagnostics and tests). */
  get lentRecords(): number {
    return this.slabs.lent;
  }

  /** Starts the worker ahead of the first batch, so that batch does not wait for it to load. */
  start(): void {
    try {
      this.current();
    } catch (error) {
      this.options.logger?.warn({ err: errorText(error) }, 'recording worker could not start; recording retries');
    }
  }

  waiting(record: CallRecord): WaitingRecord {
    return waitingRecord(record, this.slabs);
  }

  release(records: readonly WaitingRecord[]): void {
    for (const record of records) this.slabs.giveBack(record);
  }

  async write(batch: readonly WaitingRecord[]): Promise<SinkWriteResult> {
    const answer = await this.request((id) => {
      const packed = packWorkerBatch(batch);
      return { message: { type: 'write', id, ...packed }, transfer: [packed.bytes] };
    });
    if (answer.type !== 'written') throw new Error(`recording worker answered ${answer.type} to a write`);
    return { skipped: answer.skipped };
  }

  /** Deletes the calls received before `epochMs`, in the worker, where the writes are. */
  async purge(epochMs: number): Promise<DeletionCounts> {
    const answer = await this.request((id) => ({ message: { type: 'purge', id, before: epochMs }, transfer: [] }));
    if (answer.type !== 'purged') throw new Error(`recording worker answered ${answer.type} to a purge`);
    return answer.deleted;
  }

  /**
   * Asks the worker to close its database and stops it; at `deadlineMs` it is stopped anyway. The
   * recorder has been closed first (it flushes through `write`), so nothing should still be pending.
   */
  async close(deadlineMs = 5000): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    if (worker === undefined) return;
    // One that was never asked for anything has no database open: no need to wait for it to load.
    if (!this.used.has(worker)) {
      await worker.terminate();
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const closed = new Promise<void>((resolve) => {
      this.closing.set(worker, resolve);
      worker.once('exit', () => resolve());
      timer = setTimeout(resolve, deadlineMs);
    });
    try {
      worker.postMessage({ type: 'close' } satisfies ToRecordWorker);
    } catch {
      // A worker that is gone cannot be asked; terminate below is then a no-op.
    }
    await closed;
    clearTimeout(timer);
    await worker.terminate();
  }

  /** Posts what `build` makes and settles on the worker's answer. */
  private request(build: (id: number) => { message: ToRecordWorker; transfer: ArrayBuffer[] }): Promise<Answer> {
    if (this.closed) return Promise.reject(new Error('recording worker closed'));
    let worker: Worker;
    try {
      worker = this.current();
    } catch (error) {
      return Promise.reject(new Error(`recording worker could not start: ${errorText(error)}`));
    }
    const id = this.nextId++;
    this.used.add(worker);
    return new Promise<Answer>((resolve, reject) => {
      this.pending.set(id, { worker, resolve, reject });
      try {
        // A batch travels as one buffer of bytes and a list of numbers: nothing here can fail to clone.
        const { message, transfer } = build(id);
        worker.postMessage(message, transfer);
      } catch (error) {
        this.pending.delete(id);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  /** The running worker, started when there is none (the first write, or the one after a crash). */
  private current(): Worker {
    if (this.worker !== undefined) return this.worker;
    const script = (this.options.script ?? recordWorkerScript)();
    const worker = new Worker(script.filename, { eval: script.eval, workerData: this.options.data, name: 'luthien-recorder' });
    // A pending flush must not keep the process alive (the recorder's timers are unref'd too);
    // `close()` is what flushes on shutdown.
    worker.unref();
    worker.on('message', (message: FromRecordWorker) => this.onMessage(worker, message));
    worker.on('error', (error) => {
      const text = redactSecrets(errorText(error));
      this.failures.set(worker, text);
      this.options.logger?.warn({ err: text }, 'recording worker failed; it is restarted with the next write');
    });
    worker.on('exit', (code) => this.onExit(worker, code));
    this.worker = worker;
    return worker;
  }

  private onMessage(worker: Worker, message: FromRecordWorker): void {
    switch (message.type) {
      case 'warn':
        this.options.logger?.warn({ err: message.message }, 'recording worker');
        return;
      case 'closed':
        this.closing.get(worker)?.();
        return;
      case 'failed': {
        const pending = this.take(message.id);
        pending?.reject(new Error(message.message));
        return;
      }
      default:
        this.take(message.id)?.resolve(message);
    }
  }

  /** Fails what the worker had not answered: the recorder retries those writes, on a new worker. */
  private onExit(worker: Worker, code: number): void {
    if (this.worker === worker) this.worker = undefined;
    const reason = this.failures.get(worker);
    const error = new Error(`recording worker stopped (exit code ${code})${reason === undefined ? '' : `: ${reason}`}`);
    for (const [id, pending] of this.pending) {
      if (pending.worker !== worker) continue;
      this.pending.delete(id);
      pending.reject(error);
    }
  }

  private take(id: number): Pending | undefined {
    const pending = this.pending.get(id);
    this.pending.delete(id);
    return pending;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
