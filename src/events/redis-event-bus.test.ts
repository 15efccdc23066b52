import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisServer } from '../../test/helpers/start-redis.js';
import { isPolicyConfigEvent, type ActivityEvent, type ActivityFilter, type FeedEvent, type NewActivityEvent } from './activity-event.js';
import { createEventBus } from './create-event-bus.js';
import type { EventBus } from './event-bus.js';
import { RedisEventBus, type RedisEventBusOptions } from './redis-event-bus.js';

let redis: RedisServer;
const buses: EventBus[] = [];

beforeAll(async () => {
  redis = await startRedis();
});

afterAll(async () => {
  await redis.close();
});

afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.close()));
  // A fault test that failed half-way must not leave the next test without a server.
  redis.thaw();
  if (!redis.running) await redis.start();
});

function bus(options: Partial<RedisEventBusOptions> = {}): RedisEventBus {
  const created = new RedisEventBus({ url: redis.url, reconnectMaxMs: 200, ...options });
  buses.push(created);
  return created;
}

function collect(target: EventBus, filter?: ActivityFilter): ActivityEvent[] {
  const events: ActivityEvent[] = [];
  target.subscribe((event) => {
    if (!isPolicyConfigEvent(event)) events.push(event);
  }, filter);
  return events;
}

const event = (callId: string, sessionId = 's1'): NewActivityEvent => ({ type: 'call.received', callId, sessionId, format: 'anthropic', at: Date.now(), stream: false });

/** Polls until `condition` holds; the test's own timeout is the only clock. */
async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 15_000) throw new Error(`still waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const ready = (...targets: EventBus[]): Promise<void> => waitFor(() => targets.every((target) => target.status().state === 'ok'), 'the buses to be ready');
const ids = (events: ActivityEvent[]): string[] => events.map((item) => item.callId).sort();

/**
 * Makes sure no copy of an earlier event is still on its way: `from`'s events reach `to` through Redis
 * in publish order, so once `to` has seen a marker published after them, it has seen everything.
 */
async function drain(from: EventBus, to: ActivityEvent[], marker: string): Promise<void> {
  from.publish(event(marker));
  await waitFor(() => to.some((item) => item.callId === marker), `marker ${marker}`);
}

describe('RedisEventBus', () => {
  it('delivers every instance’s events to every instance exactly once', async () => {
    const a = bus();
    const b = bus();
    await ready(a, b);
    const seenByA = collect(a);
    const seenByB = collect(b);
    for (let index = 0; index < 5; index += 1) {
      a.publish(event(`a${index}`));
      b.publish(event(`b${index}`));
    }
    await waitFor(() => seenByA.length >= 10 && seenByB.length >= 10, 'ten events on each side');
    // b's marker after a's events reached Redis: a has also had every echo of its own by then.
    await drain(b, seenByA, 'b-marker');
    await drain(a, seenByB, 'a-marker');
    const expected = ['a0', 'a1', 'a2', 'a3', 'a4', 'b0', 'b1', 'b2', 'b3', 'b4'];
    expect(ids(seenByA)).toEqual([...expected, 'a-marker', 'b-marker'].sort());
    expect(ids(seenByB)).toEqual([...expected, 'a-marker', 'b-marker'].sort());
    expect(seenByB.find((item) => item.callId === 'a0')?.instance).toBe(a.instance);
    expect(seenByA.find((item) => item.callId === 'a0')?.instance).toBe(a.instance);
    expect(a.status()).toMatchObject({ kind: 'redis', state: 'ok', published: 6, received: 6, dropped: 0 });
  });

  it('applies subscribers’ filters to events from other instances', async () => {
    const a = bus();
    const b = bus();
    await ready(a, b);
    const s2Completed = collect(b, { sessionId: 's2', types: ['call.completed'] });
    const all = collect(b);
    a.publish(event('c1', 's1'));
    a.publish(event('c2', 's2'));
    a.publish({ type: 'call.completed', callId: 'c2', sessionId: 's2', format: 'openai-responses', at: Date.now(), status: 200, outcome: 'completed', durationMs: 3 });
    a.publish({ type: 'call.completed', callId: 'c1', sessionId: 's1', format: 'anthropic', at: Date.now(), status: 200, outcome: 'completed', durationMs: 3 });
    await drain(a, all, 'marker');
    expect(s2Completed).toMatchObject([{ callId: 'c2', type: 'call.completed', format: 'openai-responses', status: 200, instance: a.instance }]);
  });

  it('never sends a secret in a policy summary to other instances', async () => {
    const a = bus();
    const b = bus();
    await ready(a, b);
    const seen = collect(b);
    const key = ['sk', 'proj', 'abcdefghijklmnopqrstuvwxyz012345'].join('-');
    a.publish({ type: 'policy.decision', callId: 'c1', format: 'openai-chat', at: Date.now(), policy: 'p', decision: 'policy.p.blocked', summary: `saw ${key}` });
    await drain(a, seen, 'marker');
    expect(seen[0]).toMatchObject({ type: 'policy.decision', summary: 'saw [REDACTED:openai-key]' });
  });

  it('carries a policy configuration change to the other instances', async () => {
    const a = bus();
    const b = bus();
    await ready(a, b);
    const changes: FeedEvent[] = [];
    b.subscribe((item) => changes.push(item), { types: ['policy.config-changed'] });
    const calls = collect(b);
    a.publish({ type: 'policy.config-changed', version: 7, policies: ['all-caps', 'noop'], by: 'admin', restoredFrom: 2, at: 5 });
    await drain(a, calls, 'marker');
    expect(changes).toEqual([{ type: 'policy.config-changed', version: 7, policies: ['all-caps', 'noop'], by: 'admin', restoredFrom: 2, at: 5, instance: a.instance }]);
  });

  it('ignores malformed messages on the channel', async () => {
    const a = bus();
    await ready(a);
    const seen = collect(a);
    const raw = new Redis(redis.url);
    try {
      await raw.publish('luthien:activity', 'not json');
      await raw.publish('luthien:activity', JSON.stringify({ type: 'call.received', callId: 1 }));
      await raw.publish('luthien:activity', JSON.stringify({ ...event('from-elsewhere'), instance: 'other' }));
    } finally {
      raw.disconnect();
    }
    await waitFor(() => seen.length > 0, 'the valid message');
    expect(ids(seen)).toEqual(['from-elsewhere']);
    expect(a.status()).toMatchObject({ received: 1, lastError: 'malformed event on the activity channel' });
  });

  it('survives Redis stopping mid-traffic: local delivery goes on, drops are counted, and it recovers', async () => {
    const a = bus();
    const b = bus();
    await ready(a, b);
    const seenByA = collect(a);
    const seenByB = collect(b);
    a.publish(event('before'));
    await waitFor(() => seenByB.length === 1, 'the event before the fault');

    await redis.stop('SIGKILL');
    await waitFor(() => a.status().state === 'degraded' && b.status().state === 'degraded', 'both buses to notice');
    for (let index = 0; index < 20; index += 1) expect(() => a.publish(event(`during${index}`))).not.toThrow();
    await waitFor(() => a.status().dropped === 20, 'twenty drops');
    expect(seenByA).toHaveLength(21);

    await redis.start();
    await ready(a, b);
    await drain(a, seenByB, 'after');
    await drain(b, seenByA, 'after-b');
    expect(ids(seenByB)).toEqual(['after', 'after-b', 'before']);
    expect(a.status()).toMatchObject({ state: 'ok', published: 22, dropped: 20 });
    expect(b.status()).toMatchObject({ state: 'ok', dropped: 0 });
  });

  it('starts while Redis is down and joins the channel once it is up', async () => {
    await redis.stop('SIGTERM');
    const a = bus();
    const b = bus();
    const seenByB = collect(b);
    a.publish(event('early'));
    expect(a.status()).toMatchObject({ state: 'degraded', dropped: 1 });
    await waitFor(() => a.status().lastError?.includes('ECONNREFUSED') === true, 'the connection error');
    await redis.start();
    await ready(a, b);
    await drain(a, seenByB, 'late');
    expect(ids(seenByB)).toEqual(['late']);
  });

  it('does not wait on a Redis that hangs: unanswered publishes time out as drops', async () => {
    const a = bus({ commandTimeoutMs: 200 });
    await ready(a);
    const seen = collect(a);
    redis.freeze();
    try {
      for (let index = 0; index < 3; index += 1) a.publish(event(`hung${index}`));
      expect(seen).toHaveLength(3);
      await waitFor(() => a.status().dropped === 3, 'the timed-out publishes');
      expect(a.status().state).toBe('degraded');
    } finally {
      redis.thaw();
    }
    a.publish(event('after-thaw'));
    await waitFor(() => a.status().state === 'ok', 'a publish to succeed again');
  });

  it('is what createEventBus gives with REDIS_URL', async () => {
    const created = createEventBus({ REDIS_URL: redis.url });
    buses.push(created);
    expect(created).toBeInstanceOf(RedisEventBus);
    await ready(created);
  });
});
