import type { Policy, PolicyContext, PolicyEvent, PolicyLogger, StateKey } from '../core/policy.js';
import type { RequestView } from '../core/request-view.js';
import type { JudgeService } from '../judge/judge-service.js';

/** What the pipeline tells the runtime about one call. */
export interface PolicyCallInit {
  readonly callId: string;
  readonly sessionId: string | undefined;
  readonly userId: string | undefined;
  readonly request: RequestView;
  /** The call's abort, aborted when the client goes away; its signal is read only when needed. */
  readonly abort: { readonly aborted: boolean; readonly signal: AbortSignal };
  /** Builds the call's logger; called only when something logs. */
  readonly logger: () => PolicyLogger;
  /** Where every policy event of the call goes (the call's record and the activity feed), with the policy it is attributed to. */
  readonly record: (policy: string, event: PolicyEvent) => void;
  /** Builds a judge service whose judge calls are recorded through `emit` (absent outside a gateway). */
  readonly judge?: (emit: (event: PolicyEvent) => void) => JudgeService;
}

/**
 * One call as the policies see it: the request (updated once every `onRequest` has run), the state
 * the policies of the call share, and one context per policy. Made once per call; the signal and the
 * logger are made on first use, since most calls never need them.
 */
export class PolicyCall {
  request: RequestView;
  private readonly states = new Map<StateKey<unknown>, unknown>();
  private readonly contexts = new Map<Policy, PolicyScope>();
  private cachedLogger: PolicyLogger | undefined;
  private syntheticBlocks = 0;

  constructor(readonly init: PolicyCallInit) {
    this.request = init.request;
  }

  get logger(): PolicyLogger {
    this.cachedLogger ??= this.init.logger();
    return this.cachedLogger;
  }

  state<T>(key: StateKey<T>): T {
    if (!this.states.has(key)) this.states.set(key, key.init());
    return this.states.get(key) as T;
  }

  /** The context of `policy` in this call (one per policy, so events are attributed to it). */
  scopeOf(policy: Policy): PolicyScope {
    let scope = this.contexts.get(policy);
    if (scope === undefined) {
      scope = new PolicyScope(this, policy.name);
      this.contexts.set(policy, scope);
    }
    return scope;
  }

  record(policy: string, event: PolicyEvent): void {
    this.init.record(policy, event);
  }

  /**
   * A block index for a block the runtime adds, unique in this call. Upstream indices are small and
   * contiguous, so these start far above them; the format's invariants renumber every block anyway.
   */
  nextBlockIndex(): number {
    return SYNTHETIC_BLOCK_BASE + this.syntheticBlocks++;
  }
}

const SYNTHETIC_BLOCK_BASE = 1_000_000;

/** One policy within one call: what every hook call of that policy shares. */
export class PolicyScope {
  private cachedLogger: PolicyLogger | undefined;
  private cachedJudge: JudgeService | undefined;

  constructor(
    readonly call: PolicyCall,
    readonly policy: string,
  ) {}

  get logger(): PolicyLogger {
    this.cachedLogger ??= childLogger(this.call.logger, this.policy);
    return this.cachedLogger;
  }

  /** The judge service of this policy in this call: its judge calls are recorded as this policy's events. */
  get judge(): JudgeService | undefined {
    this.cachedJudge ??= this.call.init.judge?.((event) => this.call.record(this.policy, event));
    return this.cachedJudge;
  }

  /** A context for one hook call: the same scope, with a signal of its own. */
  hookContext(): HookContext {
    return new HookContext(this);
  }
}

/**
 * The `ctx` one hook call receives. Its signal is its own: aborted when the client goes away or when
 * this hook call times out, so two tool calls judged at once never see each other's timeout. The
 * signal is made only when the hook reads it.
 */
export class HookContext implements PolicyContext {
  private controller: AbortController | undefined;
  private combined: AbortSignal | undefined;
  private expiredWith: unknown;

  constructor(private readonly scope: PolicyScope) {}

  get callId(): string {
    return this.scope.call.init.callId;
  }

  get sessionId(): string | undefined {
    return this.scope.call.init.sessionId;
  }

  get userId(): string | undefined {
    return this.scope.call.init.userId;
  }

  get policy(): string {
    return this.scope.policy;
  }

  get request(): RequestView {
    return this.scope.call.request;
  }

  get judge(): JudgeService | undefined {
    return this.scope.judge;
  }

  get logger(): PolicyLogger {
    return this.scope.logger;
  }

  get signal(): AbortSignal {
    if (this.combined === undefined) {
      this.controller = new AbortController();
      if (this.expiredWith !== undefined) this.controller.abort(this.expiredWith);
      this.combined = AbortSignal.any([this.scope.call.init.abort.signal, this.controller.signal]);
    }
    return this.combined;
  }

  state<T>(key: StateKey<T>): T {
    return this.scope.call.state(key);
  }

  emit(event: PolicyEvent): void {
    this.scope.call.record(this.scope.policy, event);
  }

  /** The hook ran out of time: whatever it passed the signal to should stop. */
  expire(reason: Error): void {
    this.expiredWith = reason;
    this.controller?.abort(reason);
  }
}

/** A logger whose lines name the policy (pino's `child` when there is one). */
function childLogger(logger: PolicyLogger, policy: string): PolicyLogger {
  const withChild = logger as PolicyLogger & { child?: (bindings: object) => PolicyLogger };
  return typeof withChild.child === 'function' ? withChild.child({ policy }) : logger;
}
