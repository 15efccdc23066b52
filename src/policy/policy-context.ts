import type { PolicyContext, PolicyEvent, PolicyLogger, StateKey } from '../core/policy.js';
import type { RequestView } from '../core/request-view.js';

export interface PolicyContextInit {
  readonly callId: string;
  readonly sessionId: string | undefined;
  readonly request: RequestView;
  /** Whatever owns the call's abort signal; read only when a hook asks for it. */
  readonly abort: { readonly signal: AbortSignal };
  /** Builds the call's logger; called only when a hook logs. */
  readonly logger: () => PolicyLogger;
  readonly emit: (event: PolicyEvent) => void;
}

/**
 * The per-request context hooks receive. `request` is updated once every `onRequest` has run. The
 * signal and the logger are made on first use: most calls never need them, and every call pays for
 * what is made eagerly.
 */
export class RequestPolicyContext implements PolicyContext {
  readonly callId: string;
  readonly sessionId: string | undefined;
  request: RequestView;
  private readonly init: PolicyContextInit;
  private readonly states = new Map<StateKey<unknown>, unknown>();
  private cachedLogger: PolicyLogger | undefined;

  constructor(init: PolicyContextInit) {
    this.callId = init.callId;
    this.sessionId = init.sessionId;
    this.request = init.request;
    this.init = init;
  }

  get signal(): AbortSignal {
    return this.init.abort.signal;
  }

  get logger(): PolicyLogger {
    this.cachedLogger ??= this.init.logger();
    return this.cachedLogger;
  }

  state<T>(key: StateKey<T>): T {
    if (!this.states.has(key)) this.states.set(key, key.init());
    return this.states.get(key) as T;
  }

  emit(event: PolicyEvent): void {
    this.init.emit(event);
  }
}
