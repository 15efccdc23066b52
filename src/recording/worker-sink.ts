import { Worker } from 'node:worker_threads';
import type { CallRecord } from '../core/call-record.js';
import type { Logger } from '../observability/logger.js';
import type { DeletionCounts } from '../store/deletion-counts.js';
import { ByteSlabs } from './byte-slabs.js';
import { packWorkerBatch, waitingRecord } from './pack-worker-batch.js';
import type { RecordSink, SinkWriteResult } from './record-sink.js';
import { recordWorkerScript, type WorkerScript } from './record-worker-script.js';
import { redactSecrets } from './redact.js';
import { SharedFieldsCache } from './shared-fields-cache.js';
import type { FromRecordWorker, RecordWorkerData, ToRecordWorker } from './worker-messages.js';
import type { WaitingRecord } from './worker-record.js';

export interface WorkerSinkOptions {
  readonly data: RecordWorkerData;
  readonly logger?: Logger;
  /** The worker's entry point: the recording worker unless a test says otherwise. */
  readonly script?: () => WorkerScript;
  /**
   * With `scheduling: 'idle'`: the backlog (records queued behind a batch) at which batches go to a
   * second worker, at the nice value, until the queue is empty again. Infinity: never.
   */
  readonly catchUpBacklog?: number;
}

/**
 * Which worker writes: the one under SCHED_IDLE, or the one at the nice value. Only the second with
 * `scheduling: 'nice'`; with `idle`, the second catches up when the first falls behind.
 */
type Lane = RecordWorkerData['scheduling'];

type Answer = Exclude<FromRecordWorker, { type: 'loaded' | 'warn' | 'closed' }>;

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
 *
 * A worker under SCHED_IDLE (the default) runs only on CPU time nothing else wants, and cannot be
 * raised again without privileges. On a machine whose cores stay busy it falls behind; once the
 * backlog reaches `catchUpBacklog`, batches go to a second worker at the nice value, which takes its
 * share of the CPU, until the queue is empty and the first takes over again. One writes at a time
 * (the recorder waits for each write), so the two do not contend for the database's write lock. The
 * second is started the first time it is needed, and kept.
 */
export class WorkerSink implements RecordSink<WaitingRecord> {
  private readonly workers = new Map<Lane, Worker>();
  /** The lane that takes the next batch. */
  private lane: Lane;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  /** Why the current worker failed, for the writes its exit fails. */
  private readonly failures = new WeakMap<Worker, string>();
  private readonly closing = new WeakMap<Worker, () => void>();
  /** Workers that were asked for something, so may have a database open. */
  private readonly used = new WeakSet<Worker>();
  /** Workers whose modules have loaded. */
  private readonly loaded = new WeakSet<Worker>();
  /** Where waiting records keep their bytes until the recorder releases them. */
  private readonly slabs = new ByteSlabs();
  /** The fields each session's calls share, made once for the records that share them. */
  private readonly shared = new SharedFieldsCache();

  constructor(private readonly options: WorkerSinkOptions) {
    this.lane = options.data.scheduling;
  }

  /** The worker thread that takes the next batch, if it is running (for diagnostics and tests). */
  get thread(): Worker | undefined {
    return this.workers.get(this.lane);
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
    this.startAhead(this.lane);
  }

  waiting(record: CallRecord): WaitingRecord {
    return waitingRecord(record, this.slabs, this.shared);
  }

  release(records: readonly WaitingRecord[]): void {
    for (const record of records) this.slabs.giveBack(record);
  }

  async write(batch: readonly WaitingRecord[], backlog: number): Promise<SinkWriteResult> {
    this.chooseLane(backlog);
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
   * Asks the workers to close their database and stops them; at `deadlineMs` they are stopped anyway.
   * The recorder has been closed first (it flushes through `write`), so nothing should still be pending.
   */
  async close(deadlineMs = 5000): Promise<void> {
    this.closed = true;
    await Promise.all([...this.workers.values()].map((worker) => this.stop(worker, deadlineMs)));
  }

  /**
   * Behind by `catchUpBacklog` or more: the worker at the nice value, once it has loaded (it is
   * started at half the mark, so that the queue does not grow unwritten while it loads); caught up:
   * the idle one again.
   */
  private chooseLane(backlog: number): void {
    if (this.options.data.scheduling !== 'idle') return;
    const mark = this.options.catchUpBacklog ?? Infinity;
    if (this.lane === 'idle') {
      if (backlog < mark / 2) return;
      const catchingUp = this.startAhead('nice');
      if (backlog < mark || catchingUp === undefined || !this.loaded.has(catchingUp)) return;
      this.lane = 'nice';
      this.options.logger?.info({ backlog, nice: this.options.data.nice }, 'recording is behind: a worker at its nice value catches up');
    } else if (backlog === 0) {
      this.lane = 'idle';
      this.options.logger?.debug('recording has caught up: the idle worker writes again');
    }
  }

  /** The lane's worker, started if it is not running; undefined if it cannot start (logged). */
  private startAhead(lane: Lane): Worker | undefined {
    if (this.closed) return undefined;
    try {
      return this.current(lane);
    } catch (error) {
      this.options.logger?.warn({ err: errorText(error) }, 'recording worker could not start; recording retries');
      return undefined;
    }
  }

  private async stop(worker: Worker, deadlineMs: number): Promise<void> {
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
      worker = this.current(this.lane);
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

  /** The lane's running worker, started when there is none (its first write, or the one after a crash). */
  private current(lane: Lane): Worker {
    const running = this.workers.get(lane);
    if (running !== undefined) return running;
    const script = (this.options.script ?? recordWorkerScript)();
    const data: RecordWorkerData = { ...this.options.data, scheduling: lane };
    const worker = new Worker(script.filename, { eval: script.eval, workerData: data, name: 'luthien-recorder' });
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
    this.workers.set(lane, worker);
    return worker;
  }

  private onMessage(worker: Worker, message: FromRecordWorker): void {
    switch (message.type) {
      case 'loaded':
        this.loaded.add(worker);
        return;
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
    for (const [lane, running] of this.workers) if (running === worker) this.workers.delete(lane);
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
