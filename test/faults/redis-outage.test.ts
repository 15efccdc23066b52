import { describe, expect, inject, it } from 'vitest';
import { closedAfterEach } from '../helpers/closed-after.js';
import { startRedis } from '../helpers/start-redis.js';
import type { TestGateway } from '../helpers/start-test-gateway.js';
import { waitFor } from '../integration/support/wait-for.js';
import { startClosableGateway } from './support/start-closable-gateway.js';
import { watchActivity, type ActivityWatcher } from './support/activity-watcher.js';
import { readReady, readyWhen } from './support/read-ready.js';
import { sendServedCall, type ServedCall } from './support/served-call.js';
import { openTestDatabase } from './support/test-database.js';

const ADMIN_KEY = 'faults-admin-key';
const openDatabase = closedAfterEach(() => openTestDatabase('postgres', inject('postgresUrl')));
// Its own redis-server, which the test stops and starts.
const startRedisServer = closedAfterEach(startRedis);
const startGateway = closedAfterEach(startClosableGateway);
const watch = closedAfterEach(watchActivity);

/** The phases of a call that goes well under the noop policy, in order. */
const PHASES = ['call.received', 'call.upstream-started', 'call.completed'];

interface Instance {
  readonly name: 'A' | 'B';
  readonly gateway: TestGateway;
  /** Watches this gateway's activity stream. */
  readonly watcher: ActivityWatcher;
}

let callCount = 0;
/** A call through `instance`, served (the format and streaming vary from call to call). */
function callThrough(instance: Instance): Promise<ServedCall> {
  return sendServedCall(instance.gateway.url, callCount++, `redis-outage-${instance.name}`);
}

function seenBy(watcher: ActivityWatcher, call: ServedCall): Promise<true> {
  return waitFor(() => (watcher.of(call.callId).some((event) => event.type === 'call.completed') ? true : undefined), 10_000, `call ${call.callId} on ${watcher.instance}`);
}

/**
 * Waits until everything published so far has reached both gateways: a call through A seen by B,
 * then one through B seen by A, then one through A seen by B. Redis hands each subscriber the
 * messages in the order it took them, so once a gateway has the other's later call it has had every
 * earlier event, the echoes of its own (which it must ignore) included.
 */
async function settle(a: Instance, b: Instance): Promise<void> {
  await seenBy(b.watcher, await callThrough(a));
  await seenBy(a.watcher, await callThrough(b));
  await seenBy(b.watcher, await callThrough(a));
}

/** What `watcher` saw of each call: its event types, each with the gateway it ran on. */
function sightings(watcher: ActivityWatcher, phases: Readonly<Record<string, readonly ServedCall[]>>, instances: readonly Instance[]): Record<string, string[]> {
  const nameOf = new Map(instances.map((instance) => [instance.watcher.instance, instance.name]));
  const seen: Record<string, string[]> = {};
  for (const [phase, calls] of Object.entries(phases)) {
    calls.forEach((call, index) => (seen[`${phase} ${index}`] = watcher.of(call.callId).map((event) => `${event.type} on ${nameOf.get(event.instance) ?? event.instance}`)));
  }
  return seen;
}

/** What a watcher should have seen: every phase once, from `from`, for the calls in `phases`; nothing for the others. */
function expected(phases: Readonly<Record<string, readonly ServedCall[]>>, from: Readonly<Record<string, 'A' | 'B' | 'unseen'>>): Record<string, string[]> {
  const seen: Record<string, string[]> = {};
  for (const [phase, calls] of Object.entries(phases)) {
    const origin = from[phase] ?? 'unseen';
    calls.forEach((_call, index) => (seen[`${phase} ${index}`] = origin === 'unseen' ? [] : PHASES.map((type) => `${type} on ${origin}`)));
  }
  return seen;
}

describe('Redis goes down in the middle of traffic between two instances', () => {
  it('keeps calls flowing and local activity live, counts what it could not share, and shares again once Redis is back', { timeout: 120_000 }, async () => {
    const database = await openDatabase();
    const redis = await startRedisServer();
    const env = { ...database.env, REDIS_URL: redis.url, ADMIN_API_KEY: ADMIN_KEY, RECORDER_FLUSH_MS: '20' };
    const gateways = [await startGateway(env), await startGateway(env)] as const;
    // Subscribed to the channel before any traffic, or early events would not cross.
    for (const gateway of gateways) await waitFor(readyWhen(gateway.url, (ready) => ready.body.status === 'ok'), 10_000, 'both gateways ready with Redis');
    const a: Instance = { name: 'A', gateway: gateways[0], watcher: await watch(gateways[0].url, ADMIN_KEY) };
    const b: Instance = { name: 'B', gateway: gateways[1], watcher: await watch(gateways[1].url, ADMIN_KEY) };
    expect(a.watcher.instance).not.toBe(b.watcher.instance);

    const beforeA: ServedCall[] = [];
    const beforeB: ServedCall[] = [];
    for (let i = 0; i < 3; i++) {
      beforeA.push(await callThrough(a));
      beforeB.push(await callThrough(b));
    }
    await settle(a, b);

    await redis.stop();
    for (const instance of [a, b]) {
      const outage = await waitFor(readyWhen(instance.gateway.url, (ready) => ready.body.components.events.state === 'degraded'), 10_000, `gateway ${instance.name} to see Redis gone`);
      expect(outage.httpStatus).toBe(200);
      expect(outage.body.status).toBe('degraded');
      expect(outage.body.components.events).toMatchObject({ state: 'degraded', kind: 'redis', dropped: 0 });
    }
    const duringA = [await callThrough(a), await callThrough(a), await callThrough(a)];
    const duringB = [await callThrough(b), await callThrough(b)];
    // Local activity still flows: each gateway's own watcher sees its own calls live.
    for (const call of duringA) await seenBy(a.watcher, call);
    for (const call of duringB) await seenBy(b.watcher, call);
    // Each event of those calls was published once and could not be sent: counted, exactly.
    const droppedA = duringA.length * PHASES.length;
    const droppedB = duringB.length * PHASES.length;
    const outageA = await waitFor(readyWhen(a.gateway.url, (ready) => ready.body.components.events.dropped >= droppedA), 10_000, 'gateway A to count its dropped events');
    const outageB = await waitFor(readyWhen(b.gateway.url, (ready) => ready.body.components.events.dropped >= droppedB), 10_000, 'gateway B to count its dropped events');
    expect(outageA.body.components.events).toMatchObject({ state: 'degraded', dropped: droppedA });
    expect(outageB.body.components.events).toMatchObject({ state: 'degraded', dropped: droppedB });
    expect([outageA.httpStatus, outageB.httpStatus]).toEqual([200, 200]);

    await redis.start();
    // The event bus reconnects and subscribes again by itself (retrying at most every 2 s).
    for (const instance of [a, b]) await waitFor(readyWhen(instance.gateway.url, (ready) => ready.body.status === 'ok'), 20_000, `gateway ${instance.name} back to ok`);
    const afterA = [await callThrough(a)];
    const afterB = [await callThrough(b)];
    await seenBy(b.watcher, afterA[0] ?? missing());
    await seenBy(a.watcher, afterB[0] ?? missing());
    await settle(a, b);

    const phases = { beforeA, beforeB, duringA, duringB, afterA, afterB };
    const instances = [a, b];
    expect(sightings(a.watcher, phases, instances)).toEqual(expected(phases, { beforeA: 'A', beforeB: 'B', duringA: 'A', duringB: 'unseen', afterA: 'A', afterB: 'B' }));
    expect(sightings(b.watcher, phases, instances)).toEqual(expected(phases, { beforeA: 'A', beforeB: 'B', duringA: 'unseen', duringB: 'B', afterA: 'A', afterB: 'B' }));
    for (const [instance, dropped] of [[a, droppedA], [b, droppedB]] as const) {
      const ready = await readReady(instance.gateway.url);
      expect(ready.httpStatus).toBe(200);
      expect(ready.body.status).toBe('ok');
      expect(ready.body.components.events).toMatchObject({ state: 'ok', kind: 'redis', dropped });
    }
  });
});

function missing(): never {
  throw new Error('no call');
}
