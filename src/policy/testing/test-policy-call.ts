import type { JsonObject } from '../../core/json.js';
import type { Policy, PolicyContext, PolicyLogger } from '../../core/policy.js';
import type { RequestView } from '../../core/request-view.js';
import { PolicyCall } from '../policy-context.js';

/** A policy event as the call's record holds it: attributed to its policy. */
export interface RecordedPolicyEvent {
  readonly policy: string;
  readonly type: string;
  readonly summary?: string;
  readonly data?: JsonObject;
}

/** A logger that keeps what it is given, for tests that check a policy's logs. */
export interface CollectingLogger extends PolicyLogger {
  readonly lines: { readonly level: 'debug' | 'info' | 'warn' | 'error'; readonly object: object; readonly message?: string }[];
}

export function collectingLogger(): CollectingLogger {
  const lines: CollectingLogger['lines'] = [];
  const at =
    (level: CollectingLogger['lines'][number]['level']) =>
    (object: object, message?: string): void => {
      lines.push({ level, object, ...(message === undefined ? {} : { message }) });
    };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A call for running a chain in a test: its events and logs are collected, `abort()` plays a client leaving. */
export interface TestPolicyCall {
  readonly call: PolicyCall;
  readonly events: RecordedPolicyEvent[];
  readonly logger: CollectingLogger;
  abort(): void;
}

export function testPolicyCall(request: RequestView, ids: { readonly callId?: string; readonly sessionId?: string; readonly userId?: string } = {}): TestPolicyCall {
  const events: RecordedPolicyEvent[] = [];
  const logger = collectingLogger();
  const controller = new AbortController();
  const abort = {
    get aborted() {
      return controller.signal.aborted;
    },
    signal: controller.signal,
  };
  const call = new PolicyCall({
    callId: ids.callId ?? 'call-test',
    sessionId: ids.sessionId ?? 'session-test',
    userId: ids.userId,
    request,
    abort,
    logger: () => logger,
    record: (policy, event) => events.push({ policy, ...event }),
  });
  return { call, events, logger, abort: () => controller.abort(new Error('the client went away')) };
}

/** The context one hook of `policy` gets, for calling a hook directly in a unit test; `events` has what it emitted. */
export function testPolicyContext(policy: Policy | string, request: RequestView): PolicyContext & { readonly events: RecordedPolicyEvent[] } {
  const test = testPolicyCall(request);
  const ctx = test.call.scopeOf(typeof policy === 'string' ? { name: policy } : policy).hookContext();
  return Object.assign(ctx, { events: test.events });
}
