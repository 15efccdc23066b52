import type { PolicyContext, PolicyEvent, PolicyLogger, StateKey } from '../core/policy.js';
import type { RequestView } from '../core/request-view.js';

export interface PolicyContextInit {
  readonly callId: string;
  readonly sessionId: string | undefined;
  readonly request: RequestView;
  readonly signal: AbortSignal;
  readonly logger: PolicyLogger;
  readonly emit: (event: PolicyEvent) => void;
}

/** The per-request context hooks receive. `request` is updated once every `onRequest` has run. */
export class RequestPolicyContext implements PolicyContext {
  readonly callId: string;
  readonly sessionId: string | undefined;
  readonly signal: AbortSignal;
  readonly logger: PolicyLogger;
  request: RequestView;
  private readonly states = new Map<StateKey<unknown>, unknown>();
  private readonly emitter: (event: PolicyEvent) => void;

  constructor(init: PolicyContextInit) {
    this.callId = init.callId;
    this.sessionId = init.sessionId;
    this.request = init.request;
    this.signal = init.signal;
    this.logger = init.logger;
    this.emitter = init.emit;
  }

  state<T>(key: StateKey<T>): T {
    if (!this.states.has(key)) this.states.set(key, key.init());
    return this.states.get(key) as T;
  }

  emit(event: PolicyEvent): void {
    this.emitter(event);
  }
}
