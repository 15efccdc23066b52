import type { PolicyContext } from '../../src/core/policy.js';
import type { RequestView } from '../../src/core/request-view.js';
import { RequestPolicyContext } from '../../src/policy/policy-context.js';
import type { PolicyEvent } from '../../src/core/policy.js';

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** A policy context for unit tests; `events` collects what hooks emit. */
export function testPolicyContext(request: RequestView): PolicyContext & { events: PolicyEvent[] } {
  const events: PolicyEvent[] = [];
  const ctx = new RequestPolicyContext({
    callId: 'call-test',
    sessionId: 'session-test',
    request,
    abort: new AbortController(),
    logger: () => silent,
    emit: (event) => events.push(event),
  });
  return Object.assign(ctx, { events });
}
