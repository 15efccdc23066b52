import type { ActivityFilter, FeedEvent, NewFeedEvent } from './activity-event.js';

export type ActivityListener = (event: FeedEvent) => void;

export interface EventBusStatus {
  readonly kind: 'local' | 'redis';
  /** `degraded`: events reach this instance's subscribers but not the other instances (Redis is down). */
  readonly state: 'ok' | 'degraded';
  readonly instance: string;
  readonly subscribers: number;
  /** Events published by this instance. */
  readonly published: number;
  /** Events from other instances delivered here. */
  readonly received: number;
  /** Events this instance could not send to the other instances. */
  readonly dropped: number;
  /** Listeners that threw (they are isolated: the other listeners still get the event). */
  readonly listenerErrors: number;
  readonly lastError?: string;
}

/**
 * Carries activity events to every subscriber of every instance. `publish` is called from the request
 * path: it never throws and never waits. Each subscriber gets each event once, its own instance's
 * included.
 */
export interface EventBus {
  readonly instance: string;
  publish(event: NewFeedEvent): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: ActivityListener, filter?: ActivityFilter): () => void;
  status(): EventBusStatus;
  close(): Promise<void>;
}
