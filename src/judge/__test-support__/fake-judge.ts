import type { Policy, PolicyEvent, ToolCallDecision, ToolCallView } from '../../core/policy.js';
import type { RequestView } from '../../core/request-view.js';
import { PolicyCall } from '../../policy/policy-context.js';
import { collectingLogger, testRequest } from '../../policy/testing/index.js';
import type { JudgeResult } from '../call-judge.js';
import { JudgeError } from '../judge-error.js';
import type { JudgeQuery } from '../judge-query.js';
import type { JudgeService } from '../judge-service.js';

/** One question the fake judge was asked, answered (or failed) by the test. */
export interface Ask {
  readonly query: JudgeQuery<unknown>;
  readonly signal: AbortSignal | undefined;
  answer(probability: number, explanation?: string, rule?: number): void;
  fail(error: JudgeError): void;
}

/**
 * A judge service that answers when the test says so, and gives up as the real one does when the
 * judged call's signal is aborted. `next()` resolves with the next question asked.
 */
export function fakeJudge() {
  const asks: Ask[] = [];
  const waiting: ((ask: Ask) => void)[] = [];
  const service: JudgeService = {
    ask<T>(_settings: unknown, query: JudgeQuery<T>, signal?: AbortSignal): Promise<JudgeResult<T>> {
      return new Promise<JudgeResult<T>>((resolve, reject) => {
        const ask: Ask = {
          query,
          signal,
          answer: (probability, explanation = 'scripted', rule) =>
            resolve({ verdict: query.schema.parse({ probability, explanation, ...(rule === undefined ? {} : { rule }) }), text: '', latencyMs: 1, attempts: 1, usage: {} }),
          fail: reject,
        };
        signal?.addEventListener('abort', () => reject(new JudgeError('aborted', 'the judged call was abandoned', { attempts: 1, latencyMs: 1 })), { once: true });
        asks.push(ask);
        waiting.shift()?.(ask);
      });
    },
  };
  return {
    service,
    asks,
    next: () => new Promise<Ask>((resolve) => waiting.push(resolve)),
  };
}

/** One call of a session (of `request`), with its own client (`leave` aborts it) and the events recorded on it. */
export function sessionCall(policy: Policy, judge: JudgeService, sessionId: string | undefined = 'session-1', request: RequestView = testRequest('anthropic', 'Clean up the build output.')) {
  const controller = new AbortController();
  const events: PolicyEvent[] = [];
  const call = new PolicyCall({
    callId: `call-${Math.random()}`,
    sessionId,
    userId: undefined,
    request,
    abort: {
      get aborted() {
        return controller.signal.aborted;
      },
      signal: controller.signal,
    },
    logger: () => collectingLogger(),
    record: (_policy, event) => events.push(event),
    judge: () => judge,
  });
  const ctx = () => call.scopeOf(policy).hookContext();
  return {
    events,
    /** A fresh hook context of the policy in this call, as the runtime gives each hook call. */
    ctx,
    onToolCall: (view: ToolCallView) => policy.onToolCall?.(view, ctx()) as Promise<ToolCallDecision>,
    leave: () => controller.abort(new Error('the client went away')),
  };
}

