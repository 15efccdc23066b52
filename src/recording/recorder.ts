import type { IncomingHttpHeaders } from 'node:http';
import type { CallRecord } from '../core/call-record.js';
import type { Logger } from '../observability/logger.js';
import type { RecordSink } from './record-sink.js';
import { allowListedHeaders, redactSecrets } from './redact.js';

export interface RecorderOptions {
  /**
   * Most records queued; past it the oldest is dropped. A batch being written is held besides, and
   * if its write fails it returns to the front of the queue, where it is the oldest.
   */
  readonly queueMax: number;
  /** Most records per sink write. */
  readonly batchSize: number;
  /** Longest a record waits for its batch to fill before it is written anyway. */
  readonly flushMs: number;
  /** A sink write still pending after this long counts as failed (its batch is retried). */
  readonly writeTimeoutMs: number;
  /** Retry delay after the first failed write, doubled per failure up to `retryMaxMs`. */
  readonly retryMinMs?: number;
  readonly retryMaxMs?: number;
  /** How long a drop keeps the recorder `degraded` after the sink has recovered. */
  readonly degradedAfterDropMs?: number;
  readonly logger?: Logger;
}

export interface RecorderStatus {
  /** Records not yet written: queued plus the batch being written. */
  readonly queueDepth: number;
  /** Records lost: evicted by the bound, left over at close, or that could not be prepared. */
  readonly dropped: number;
  readonly written: number;
  /** Failed (or timed-out) sink writes. */
  readonly failures: number;
  readonly lastError?: string;
  /**
   * `degraded` while the sink is failing (the last write failed and no write has succeeded since) or
   * when a record was dropped within `degradedAfterDropMs` (5 minutes by default): health should say
   * so for a while even after the sink recovered, or a short outage that lost records goes unseen.
   */
  readonly state: 'ok' | 'degraded';
}

type Timer = ReturnType<typeof setTimeout>;

/**
 * Takes finished calls from the request path and writes them to a sink in batches, in the background.
 * `record()` never throws and never waits: it costs what the sink makes of a record to queue it (the
 * worker's: one JSON text), and a push. The request path must not feel the store.
 * Records are written in the order they were recorded; a failed batch is retried first, with a backoff,
 * and new records queue behind it up to `queueMax`.
 */
export class Recorder<Waiting extends { readonly callId: string } = CallRecord> {
  private queue: Waiting[] = [];
  /** The batch being written, oldest first; kept until its write settles so a failure can requeue it. */
  private inflight: readonly Waiting[] = [];
  private timer: Timer | undefined;
  private writing: Promise<void> | undefined;
  private consecutiveFailures = 0;
  private lastDropAt = -Infinity;
  private closed = false;
  /** Set when `close()` has given up: a write still pending then can no longer requeue its batch. */
  private abandoned = false;
  private counts = { dropped: 0, written: 0, failures: 0 };
  private lastError: string | undefined;
  private readonly batchSize: number;
  private readonly retryMinMs: number;
  private readonly retryMaxMs: number;
  private readonly degradedAfterDropMs: number;

  constructor(
    private readonly sink: RecordSink<Waiting>,
    private readonly options: RecorderOptions,
  ) {
    this.batchSize = Math.max(1, Math.min(options.batchSize, options.queueMax));
    this.retryMinMs = options.retryMinMs ?? 100;
    this.retryMaxMs = options.retryMaxMs ?? 5000;
    this.degradedAfterDropMs = options.degradedAfterDropMs ?? 5 * 60_000;
  }

  /**
   * Request headers worth keeping with a record (the pipeline's `CallRecorder` view): the allow-list,
   * credentials never; their values are scrubbed with the rest of the record, off the request path.
   */
  keepHeaders(headers: IncomingHttpHeaders): Readonly<Record<string, string>> {
    return allowListedHeaders(headers);
  }

  record(call: CallRecord): void {
    try {
      if (this.closed) {
        this.drop(1);
        return;
      }
      this.queue.push(this.sink.waiting(call));
      this.evictBeyondBound();
      this.schedule();
    } catch (error) {
      // Sinks do not throw here; if one ever does, the record counts as lost and the request path never finds out.
      this.unprepared(call.callId, error instanceof Error ? error.message : String(error));
    }
  }

  status(): RecorderStatus {
    const failing = this.consecutiveFailures > 0;
    const droppedRecently = Date.now() - this.lastDropAt < this.degradedAfterDropMs;
    return {
      queueDepth: this.queue.length + this.inflight.length,
      ...this.counts,
      ...(this.lastError === undefined ? {} : { lastError: this.lastError }),
      state: failing || droppedRecently ? 'degraded' : 'ok',
    };
  }

  /**
   * Stops accepting records and writes what is queued, retrying failures, until `deadlineMs` has
   * passed; what is still unwritten then is counted as dropped. Leaves no timer behind.
   */
  async close(deadlineMs = 5000): Promise<RecorderStatus> {
    this.closed = true;
    this.clearTimer();
    const deadline = Date.now() + deadlineMs;
    while (Date.now() < deadline) {
      if (this.writing !== undefined) await this.within(this.writing, deadline);
      else if (this.queue.length === 0) break;
      else if (!(await this.writeBatch(deadline))) await this.sleep(Math.min(this.backoffMs(), deadline - Date.now()));
    }
    // A write still pending past the deadline stays counted in `queueDepth`: it may yet land, and
    // counts as written or dropped when it settles.
    this.abandoned = true;
    const left = this.queue.length;
    if (left > 0) {
      this.options.logger?.warn({ records: left }, 'recorder closed with unwritten records');
      this.release(this.queue);
      this.queue = [];
      this.drop(left);
    }
    return this.status();
  }

  /** Arms the next write: now when a batch is full, after `flushMs` otherwise, later while backing off. */
  private schedule(): void {
    if (this.closed || this.writing !== undefined || this.queue.length === 0) return;
    if (this.consecutiveFailures > 0) {
      this.timer ??= this.after(this.backoffMs(), () => this.flush());
      return;
    }
    if (this.queue.length >= this.batchSize) {
      this.clearTimer();
      this.flush();
      return;
    }
    this.timer ??= this.after(this.options.flushMs, () => this.flush());
  }

  private flush(): void {
    this.timer = undefined;
    if (this.closed || this.writing !== undefined || this.queue.length === 0) return;
    this.writing = this.writeBatch(Infinity).then(() => {
      this.writing = undefined;
      this.schedule();
    });
  }

  /** Writes the oldest batch; resolves (never rejects) with whether it landed. */
  private async writeBatch(deadline: number): Promise<boolean> {
    this.inflight = this.queue.splice(0, this.batchSize);
    const batch = this.inflight;
    if (batch.length === 0) return true;
    try {
      const timeoutMs = Math.min(this.options.writeTimeoutMs, deadline - Date.now());
      const backlog = this.queue.length;
      const result = await this.withTimeout(Promise.resolve().then(() => this.sink.write(batch, backlog)), timeoutMs);
      const skipped = result?.skipped ?? [];
      this.release(batch);
      this.counts.written += batch.length - skipped.length;
      for (const record of skipped) this.unprepared(record.callId, record.reason);
      if (this.consecutiveFailures > 0) this.options.logger?.info({ failures: this.consecutiveFailures }, 'recorder sink recovered');
      this.consecutiveFailures = 0;
      return true;
    } catch (error) {
      this.counts.failures += 1;
      this.consecutiveFailures += 1;
      this.lastError = redactSecrets(error instanceof Error ? error.message : String(error));
      if (this.consecutiveFailures === 1) this.options.logger?.warn({ err: this.lastError, queued: this.queue.length + batch.length }, 'recorder sink write failed; retrying');
      // Back at the front, in order: it is the oldest, so the first to go if the queue is now too long.
      if (this.abandoned) {
        this.release(batch);
        this.drop(batch.length);
      } else {
        this.queue = batch.concat(this.queue);
        this.evictBeyondBound();
      }
      return false;
    } finally {
      this.inflight = [];
    }
  }

  private unprepared(callId: string, reason: string): void {
    this.lastError = redactSecrets(`record ${callId} could not be prepared: ${reason}`);
    this.drop(1);
  }

  /** Keeps the newest `queueMax` queued records. */
  private evictBeyondBound(): void {
    const excess = this.queue.length - this.options.queueMax;
    if (excess <= 0) return;
    this.release(this.queue.splice(0, excess));
    this.drop(excess);
  }

  /** Records that have left for good, written or dropped: the sink may reuse what it lent them. */
  private release(records: readonly Waiting[]): void {
    try {
      this.sink.release?.(records);
    } catch (error) {
      this.options.logger?.warn({ err: error instanceof Error ? error.message : String(error) }, 'recorder sink failed to release records');
    }
  }

  private drop(count: number): void {
    if (this.counts.dropped === 0 || Date.now() - this.lastDropAt >= this.degradedAfterDropMs) {
      this.options.logger?.warn({ dropped: count }, 'recorder dropping records');
    }
    this.counts.dropped += count;
    this.lastDropAt = Date.now();
  }

  private backoffMs(): number {
    return Math.min(this.retryMaxMs, this.retryMinMs * 2 ** Math.max(0, this.consecutiveFailures - 1));
  }

  private withTimeout<T>(write: Promise<T>, timeoutMs: number): Promise<T> {
    // The race subscribes to `write`, so a write rejecting after its timeout is not left unhandled.
    let timer: Timer | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`sink write timed out after ${timeoutMs} ms`)), Math.max(0, timeoutMs));
    });
    return Promise.race([write, timeout]).finally(() => clearTimeout(timer));
  }

  private async within(promise: Promise<unknown>, deadline: number): Promise<void> {
    let timer: Timer | undefined;
    await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, Math.max(0, deadline - Date.now()))))]);
    clearTimeout(timer);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
  }

  private after(ms: number, run: () => void): Timer {
    // Unref'd: a pending flush must not keep the process alive; `close()` is what flushes on shutdown.
    return setTimeout(run, ms).unref();
  }

  private clearTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
