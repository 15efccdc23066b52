import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../observability/logger.js';
import { redactSecrets } from '../recording/redact.js';
import { isFeedEvent, type ActivityFilter, type NewFeedEvent } from './activity-event.js';
import type { ActivityListener, EventBus, EventBusStatus } from './event-bus.js';
import { LocalEventBus, stampEvent } from './local-event-bus.js';

export interface RedisEventBusOptions {
  readonly url: string;
  readonly channel?: string;
  readonly instance?: string;
  readonly logger?: Logger;
  /** Most publishes awaiting Redis's reply; past it events are dropped rather than piling up in memory. */
  readonly maxInFlight?: number;
  /** A publish unanswered after this long is dropped (a Redis that hangs without closing the connection). */
  readonly commandTimeoutMs?: number;
  /** Longest pause between reconnection attempts. */
  readonly reconnectMaxMs?: number;
}

export const defaultActivityChannel = 'luthien:activity';

/**
 * Activity events across instances over Redis pub/sub, on one channel. Each event is delivered to this
 * instance's listeners straight away (so they see it exactly once, Redis up or down) and published for
 * the others; this instance ignores its own events coming back from Redis.
 *
 * Redis down: nothing queues. A publish that cannot be sent is counted as dropped, the status is
 * `degraded`, ioredis keeps reconnecting, and on reconnection this bus subscribes again itself (it does
 * not rely on ioredis's resubscription, which only knows channels whose first subscribe succeeded).
 */
export class RedisEventBus implements EventBus {
  readonly instance: string;
  private readonly channel: string;
  private readonly local: LocalEventBus;
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly maxInFlight: number;
  private subscribed = false;
  /** The last publish failed and Redis has not accepted one (nor reconnected) since. */
  private publishFailing = false;
  private inFlight = 0;
  private counts = { published: 0, received: 0, dropped: 0 };
  private lastError: string | undefined;
  private closed = false;

  constructor(options: RedisEventBusOptions) {
    this.instance = options.instance ?? randomUUID();
    this.channel = options.channel ?? defaultActivityChannel;
    this.local = new LocalEventBus(this.instance);
    this.maxInFlight = options.maxInFlight ?? 1000;
    const reconnectMaxMs = options.reconnectMaxMs ?? 2000;
    const common = {
      // Fail fast instead of queueing while disconnected: publish must never wait on Redis.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      autoResubscribe: false,
      retryStrategy: (attempt: number) => Math.min(100 * attempt, reconnectMaxMs),
    };
    this.publisher = new Redis(options.url, { ...common, commandTimeout: options.commandTimeoutMs ?? 2000, connectionName: 'luthien-events-pub' });
    this.subscriber = new Redis(options.url, { ...common, connectionName: 'luthien-events-sub' });

    for (const connection of [this.publisher, this.subscriber]) {
      // Without a listener ioredis prints every connection error to the console.
      connection.on('error', (error: Error) => this.noteError(error));
    }
    this.publisher.on('ready', () => {
      this.publishFailing = false;
      options.logger?.info({ channel: this.channel }, 'event bus connected to Redis');
    });
    this.subscriber.on('ready', () => this.joinChannel());
    this.subscriber.on('close', () => {
      if (this.subscribed) options.logger?.warn({ channel: this.channel }, 'event bus lost Redis; events stay local until it is back');
      this.subscribed = false;
    });
    this.subscriber.on('message', (channel: string, message: string) => this.onMessage(channel, message));
  }

  publish(event: NewFeedEvent): void {
    try {
      const stamped = stampEvent(event, this.instance);
      this.local.deliver(stamped);
      this.counts.published += 1;
      if (this.closed || this.publisher.status !== 'ready' || this.inFlight >= this.maxInFlight) {
        this.counts.dropped += 1;
        return;
      }
      this.inFlight += 1;
      this.publisher.publish(this.channel, JSON.stringify(stamped)).then(
        () => {
          this.inFlight -= 1;
          this.publishFailing = false;
        },
        (error: unknown) => {
          this.inFlight -= 1;
          this.counts.dropped += 1;
          this.publishFailing = true;
          this.noteError(error);
        },
      );
    } catch (error) {
      this.counts.dropped += 1;
      this.noteError(error);
    }
  }

  subscribe(listener: ActivityListener, filter?: ActivityFilter): () => void {
    return this.local.subscribe(listener, filter);
  }

  /**
   * `degraded` while the events of this instance cannot reach the others or theirs cannot reach it:
   * either connection down, the channel not subscribed, or the last publish failed.
   */
  status(): EventBusStatus {
    const local = this.local.status();
    const healthy = this.publisher.status === 'ready' && this.subscribed && !this.publishFailing;
    return {
      ...local,
      kind: 'redis',
      state: healthy ? 'ok' : 'degraded',
      ...this.counts,
      ...(this.lastError === undefined ? {} : { lastError: this.lastError }),
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([closeConnection(this.publisher), closeConnection(this.subscriber)]);
    await this.local.close();
  }

  private joinChannel(): void {
    this.subscriber.subscribe(this.channel).then(
      () => {
        this.subscribed = true;
      },
      (error: unknown) => this.noteError(error),
    );
  }

  private onMessage(channel: string, message: string): void {
    if (channel !== this.channel) return;
    let event: unknown;
    try {
      event = JSON.parse(message);
    } catch {
      this.lastError = 'unparsable message on the activity channel';
      return;
    }
    if (!isFeedEvent(event)) {
      this.lastError = 'malformed event on the activity channel';
      return;
    }
    // Ours were delivered when published.
    if (event.instance === this.instance) return;
    this.counts.received += 1;
    this.local.deliver(event);
  }

  private noteError(error: unknown): void {
    this.lastError = redactSecrets(error instanceof Error ? error.message : String(error));
  }
}

/** QUIT when connected, so replies still due arrive first; a hard disconnect otherwise or after 1 s. */
async function closeConnection(connection: Redis): Promise<void> {
  if (connection.status === 'ready') {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([connection.quit().catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, 1000)))]);
    clearTimeout(timer);
  }
  connection.disconnect();
}
