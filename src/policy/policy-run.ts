import type { JsonObject } from '../core/json.js';
import type { Policy, PolicyContext } from '../core/policy.js';
import type { ConfiguredPolicy, MessageTemplates } from './configured-policy.js';
import { formatInterventionMessage, type MessageKind, type MessageValues } from './format-intervention-message.js';
import type { PolicyCall, PolicyScope } from './policy-context.js';

type MaybePromise<T> = T | Promise<T>;

export type HookName = 'onRequest' | 'onTextDelta' | 'onTextBlock' | 'onToolCall' | 'onResponse' | 'onPart';

/** How one hook call went: its value, or why it failed (it threw, timed out, or returned something that is no decision). */
export type HookOutcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string; readonly timedOut: boolean };

/** The intervention events the runtime records, with the original content and the reason in `data`. */
export type InterventionType = 'policy.blocked' | 'policy.replaced' | 'policy.dropped' | 'policy.appended' | 'policy.responded' | 'policy.failed';

/**
 * One policy of a chain within one call: runs its hooks under its timeout and failure mode, and
 * records what it does. Every stage of the policy goes through it, so a failure is handled and
 * recorded the same way whichever hook failed.
 */
export class PolicyRun {
  readonly policy: Policy;
  readonly scope: PolicyScope;

  constructor(
    readonly configured: ConfiguredPolicy,
    readonly call: PolicyCall,
    private readonly messages: MessageTemplates,
  ) {
    this.policy = configured.policy;
    this.scope = call.scopeOf(configured.policy);
  }

  get name(): string {
    return this.policy.name;
  }

  get failsClosed(): boolean {
    return this.configured.failureMode === 'fail_closed';
  }

  /**
   * Calls one hook. A synchronous result is returned synchronously (the common, cheap case); a promise
   * races the policy's timeout, whose expiry aborts the hook's own signal. A throw, a rejection, a
   * timeout or a value `valid` refuses is a failure: recorded as `policy.failed`, logged, and returned
   * for the stage to apply the failure mode. A client that goes away while a hook runs rejects the call
   * with the abort reason instead: that is no failure of the policy.
   */
  invoke<T>(hook: HookName, what: string, run: (ctx: PolicyContext) => unknown, valid: (value: unknown) => value is T): MaybePromise<HookOutcome<T>> {
    const abort = this.call.init.abort;
    if (abort.aborted) return Promise.reject(abortReason(abort.signal));
    const ctx = this.scope.hookContext();
    let result: unknown;
    try {
      result = run(ctx);
    } catch (error) {
      return this.failed(hook, what, messageOf(error), false);
    }
    if (!(result instanceof Promise)) return this.checked(hook, what, result, valid);
    const pending = result as Promise<unknown>;
    return new Promise<HookOutcome<T>>((resolve, reject) => {
      const signal = abort.signal;
      const settle = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
      };
      const onAbort = (): void => {
        settle();
        reject(abortReason(signal));
      };
      const timer = setTimeout(() => {
        settle();
        ctx.expire(new Error(`${this.name}.${hook} timed out after ${this.configured.timeoutMs} ms`));
        resolve(this.failed(hook, what, `timed out after ${this.configured.timeoutMs} ms`, true));
      }, this.configured.timeoutMs);
      signal.addEventListener('abort', onAbort, { once: true });
      pending.then(
        (value) => {
          settle();
          resolve(this.checked(hook, what, value, valid));
        },
        (error: unknown) => {
          settle();
          resolve(this.failed(hook, what, messageOf(error), false));
        },
      );
    });
  }

  /** The explanation people see in place of what a failed hook was checking. */
  failureText(what: string, outcome: Extract<HookOutcome<unknown>, { ok: false }>): string {
    const error = outcome.timedOut ? `it did not answer within ${this.configured.timeoutMs} ms` : 'it failed with an error';
    return this.message('policy_failed', { what, error });
  }

  /** A message built by the shared formatter from this chain's templates. */
  message(kind: MessageKind, values: Omit<MessageValues, 'policy'>): string {
    return formatInterventionMessage(kind, { policy: this.name, ...values }, this.messages);
  }

  /** Records an intervention of this policy (the call's record and the activity feed). */
  intervene(type: InterventionType, summary: string, data: JsonObject): void {
    this.call.record(this.name, { type, summary, data });
  }

  private checked<T>(hook: HookName, what: string, value: unknown, valid: (value: unknown) => value is T): HookOutcome<T> {
    if (valid(value)) return { ok: true, value };
    return this.failed(hook, what, `returned an invalid result: ${describe(value)}`, false);
  }

  private failed(hook: HookName, what: string, error: string, timedOut: boolean): HookOutcome<never> {
    const { failureMode } = this.configured;
    const consequence = failureMode === 'fail_closed' ? `${what} was withheld` : `${what} passed unchecked`;
    const summary = `${hook} ${timedOut ? error : `failed: ${error}`}; ${consequence} (${failureMode})`;
    this.intervene('policy.failed', summary, { hook, error, timedOut, failureMode, what });
    this.scope.logger.warn({ callId: this.call.init.callId, policy: this.name, hook, error, timedOut, failureMode }, 'policy hook failed');
    return { ok: false, error, timedOut };
  }
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('the call was aborted', { cause: signal.reason });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  try {
    const text = JSON.stringify(value);
    return text.length <= 120 ? text : `${text.slice(0, 120)}…`;
  } catch {
    return typeof value;
  }
}
