import { describe, expect, it } from 'vitest';
import { isActivityEvent, isFeedEvent, isPolicyConfigEvent, type ActivityEvent, type FeedEvent, type NewActivityEvent } from './activity-event.js';
import { createEventBus } from './create-event-bus.js';
import { LocalEventBus } from './local-event-bus.js';

const received = (callId: string, extra: Partial<{ sessionId: string; userId: string }> = {}): NewActivityEvent => ({
  type: 'call.received',
  callId,
  format: 'anthropic',
  at: 1_700_000_000_000,
  stream: true,
  ...extra,
});

const completed = (callId: string, sessionId: string): NewActivityEvent => ({
  type: 'call.completed',
  callId,
  sessionId,
  format: 'openai-chat',
  at: 1_700_000_000_500,
  status: 200,
  outcome: 'completed',
  durationMs: 500,
});

function collect(bus: LocalEventBus, filter?: Parameters<LocalEventBus['subscribe']>[1]): ActivityEvent[] {
  const events: ActivityEvent[] = [];
  bus.subscribe((event) => {
    if (!isPolicyConfigEvent(event)) events.push(event);
  }, filter);
  return events;
}

describe('LocalEventBus', () => {
  it('delivers each event once to each subscriber, stamped with the instance', () => {
    const bus = new LocalEventBus('instance-1');
    const first = collect(bus);
    const second = collect(bus);
    bus.publish(received('c1'));
    expect(first).toEqual([{ ...received('c1'), instance: 'instance-1' }]);
    expect(second).toEqual(first);
    expect(bus.status()).toMatchObject({ kind: 'local', state: 'ok', published: 1, subscribers: 2, dropped: 0 });
  });

  it('applies every field of a filter', () => {
    const bus = new LocalEventBus();
    const bySession = collect(bus, { sessionId: 's1' });
    const byUser = collect(bus, { userId: 'u2' });
    const byCall = collect(bus, { callId: 'c3' });
    const byType = collect(bus, { types: ['call.completed'] });
    const combined = collect(bus, { sessionId: 's1', types: ['call.completed'] });
    bus.publish(received('c1', { sessionId: 's1', userId: 'u1' }));
    bus.publish(received('c2', { sessionId: 's2', userId: 'u2' }));
    bus.publish(received('c3'));
    bus.publish(completed('c1', 's1'));
    bus.publish(completed('c2', 's2'));
    const callIds = (events: ActivityEvent[]): string[] => events.map((event) => `${event.callId}:${event.type}`);
    expect(callIds(bySession)).toEqual(['c1:call.received', 'c1:call.completed']);
    expect(callIds(byUser)).toEqual(['c2:call.received']);
    expect(callIds(byCall)).toEqual(['c3:call.received']);
    expect(callIds(byType)).toEqual(['c1:call.completed', 'c2:call.completed']);
    expect(callIds(combined)).toEqual(['c1:call.completed']);
  });

  it('stops delivering after unsubscribe, even from inside a delivery', () => {
    const bus = new LocalEventBus();
    const seen: string[] = [];
    const unsubscribe = bus.subscribe((event) => {
      seen.push(isPolicyConfigEvent(event) ? event.type : event.callId);
      unsubscribe();
    });
    bus.publish(received('c1'));
    bus.publish(received('c2'));
    expect(seen).toEqual(['c1']);
    expect(bus.status().subscribers).toBe(0);
  });

  it('isolates a listener that throws and counts it', () => {
    const bus = new LocalEventBus();
    bus.subscribe(() => {
      throw new Error('listener bug');
    });
    const after = collect(bus);
    expect(() => bus.publish(received('c1'))).not.toThrow();
    expect(after.map((event) => event.callId)).toEqual(['c1']);
    expect(bus.status().listenerErrors).toBe(1);
  });

  it('scrubs secrets from policy summaries and keeps them short', () => {
    const bus = new LocalEventBus();
    const events = collect(bus);
    const key = ['sk', 'ant', 'api03', 'abcdefghijklmnopqrstuvwxyz'].join('-');
    const base = { type: 'policy.decision', callId: 'c1', format: 'anthropic', at: 1, policy: 'p', decision: 'policy.p.blocked' } as const;
    bus.publish({ ...base, summary: `blocked a prompt containing ${key}` });
    bus.publish({ ...base, summary: 'x'.repeat(2000) });
    expect(events[0]).toMatchObject({ summary: 'blocked a prompt containing [REDACTED:anthropic-key]' });
    expect(events[1]).toMatchObject({ summary: `${'x'.repeat(500)}…` });
  });

  it('carries policy configuration changes to unfiltered and type-filtered subscribers only, comments scrubbed', () => {
    const bus = new LocalEventBus('i1');
    const everything: FeedEvent[] = [];
    bus.subscribe((event) => everything.push(event));
    const byType: FeedEvent[] = [];
    bus.subscribe((event) => byType.push(event), { types: ['policy.config-changed'] });
    const bySession: FeedEvent[] = [];
    bus.subscribe((event) => bySession.push(event), { sessionId: 's1' });
    const key = ['sk', 'ant', 'api03', 'abcdefghijklmnopqrstuvwxyz'].join('-');
    bus.publish({ type: 'policy.config-changed', version: 3, policies: ['all-caps'], by: 'admin', comment: `rotated ${key}`, at: 1 });
    bus.publish({ type: 'policy.config-unusable', version: 4, error: 'unknown policy', at: 2 });
    expect(everything).toEqual([
      { type: 'policy.config-changed', version: 3, policies: ['all-caps'], by: 'admin', comment: 'rotated [REDACTED:anthropic-key]', at: 1, instance: 'i1' },
      { type: 'policy.config-unusable', version: 4, error: 'unknown policy', at: 2, instance: 'i1' },
    ]);
    expect(byType.map((event) => event.type)).toEqual(['policy.config-changed']);
    expect(bySession).toEqual([]);
  });

  it('is what createEventBus gives without REDIS_URL', async () => {
    const bus = createEventBus({ REDIS_URL: undefined });
    expect(bus).toBeInstanceOf(LocalEventBus);
    await bus.close();
  });
});

describe('isFeedEvent', () => {
  it('accepts call events and complete configuration events only', () => {
    const changed = { type: 'policy.config-changed', version: 2, policies: ['noop'], by: 'admin', at: 1, instance: 'i' };
    expect(isFeedEvent({ ...received('c1'), instance: 'i' })).toBe(true);
    expect(isFeedEvent(changed)).toBe(true);
    expect(isFeedEvent({ type: 'policy.config-unusable', error: 'boom', at: 1, instance: 'i' })).toBe(true);
    expect(isFeedEvent({ ...changed, version: '2' })).toBe(false);
    expect(isFeedEvent({ ...changed, instance: undefined })).toBe(false);
    expect(isFeedEvent({ type: 'policy.config-unusable', at: 1, instance: 'i' })).toBe(false);
    expect(isActivityEvent({ ...changed, callId: 'c', format: 'anthropic' })).toBe(false);
  });
});

describe('isActivityEvent', () => {
  it('accepts a stamped event and refuses malformed ones', () => {
    const event = { ...received('c1'), instance: 'i' };
    expect(isActivityEvent(event)).toBe(true);
    expect(isActivityEvent({ ...event, type: 'call.unknown' })).toBe(false);
    expect(isActivityEvent({ ...event, callId: 1 })).toBe(false);
    expect(isActivityEvent({ ...event, format: 'gemini' })).toBe(false);
    expect(isActivityEvent({ type: 'call.received' })).toBe(false);
    expect(isActivityEvent('call.received')).toBe(false);
    expect(isActivityEvent(null)).toBe(false);
  });
});
