import type { RequestDecision } from '../core/policy.js';
import type { RequestView } from '../core/request-view.js';
import type { StreamPart } from '../core/stream-part.js';
import type { ConfiguredPolicy, MessageTemplates } from './configured-policy.js';
import { isRequestDecision } from './decision-guards.js';
import { partHookStage } from './part-hook-stage.js';
import type { MaybePromise, PartStage } from './part-stage.js';
import type { PolicyCall } from './policy-context.js';
import { PolicyRun } from './policy-run.js';
import { responseStage } from './response-stage.js';
import { textBlockStage } from './text-block-stage.js';
import { textDeltaStage } from './text-delta-stage.js';
import { toolCallStage } from './tool-call-stage.js';

/** Transforms the response's parts for one call, batch by batch, in order; sync whenever every hook it ran was. */
export type PartTransform = (parts: readonly StreamPart[]) => MaybePromise<readonly StreamPart[]>;

/** The outcome of the request phase: the request to send upstream, or a direct answer (already recorded). */
export type RequestOutcome =
  | { readonly action: 'forward'; readonly request: RequestView }
  | { readonly action: 'respond'; readonly text: string; readonly policy: string };

export interface PolicyChainOptions {
  /** Templates for the texts the runtime writes (blocked content, failures); defaults for the rest. */
  readonly messages?: MessageTemplates;
}

/**
 * The policy runtime: a flat list of configured policies, each one's output feeding the next. Each
 * policy's response hooks become part stages, in this order within the policy: `onPart`,
 * `onTextDelta`, `onTextBlock`, `onToolCall`, `onResponse`. A policy without response hooks adds no
 * stage, and a chain without any gives no transform at all: parts go straight to the invariants.
 *
 * One chain serves many calls at once and keeps no per-call state: that lives in the `PolicyCall`.
 */
export class PolicyChain {
  readonly policies: readonly ConfiguredPolicy[];
  private readonly messages: MessageTemplates;

  constructor(policies: readonly ConfiguredPolicy[], options: PolicyChainOptions = {}) {
    this.policies = policies;
    this.messages = options.messages ?? {};
  }

  get names(): string[] {
    return this.policies.map((entry) => entry.policy.name);
  }

  /** True when some policy reads or changes responses. */
  get readsResponses(): boolean {
    return this.policies.some(({ policy }) => policy.onPart !== undefined || policy.onTextDelta !== undefined || policy.onTextBlock !== undefined || policy.onToolCall !== undefined || policy.onResponse !== undefined);
  }

  /**
   * Runs every `onRequest` in order, each seeing the request the previous one passed on, until one
   * answers directly (respond, block, or a fail_closed failure). Interventions are recorded here.
   */
  async runRequest(request: RequestView, call: PolicyCall): Promise<RequestOutcome> {
    let current = request;
    for (const entry of this.policies) {
      const hook = entry.policy.onRequest?.bind(entry.policy);
      if (hook === undefined) continue;
      const run = new PolicyRun(entry, call, this.messages);
      call.request = current;
      const seen = current;
      const outcome = await run.invoke('onRequest', 'this request', (ctx) => hook(seen, ctx), isRequestDecision);
      if (!outcome.ok) {
        if (run.failsClosed) return { action: 'respond', text: run.failureText('this request', outcome), policy: run.name };
        continue;
      }
      const decision: RequestDecision = outcome.value;
      if (decision.action === 'continue') {
        current = decision.request ?? current;
        continue;
      }
      if (decision.action === 'respond') {
        const summary = decision.reason ?? 'answered in place of the model';
        run.intervene('policy.responded', summary, { hook: 'onRequest', text: decision.text, ...(decision.reason === undefined ? {} : { reason: decision.reason }) });
        return { action: 'respond', text: decision.text, policy: run.name };
      }
      run.intervene('policy.blocked', decision.reason, { hook: 'onRequest', request: current.lastUserText(), reason: decision.reason });
      return { action: 'respond', text: decision.message ?? run.message('blocked_request', { reason: decision.reason }), policy: run.name };
    }
    call.request = current;
    return { action: 'forward', request: current };
  }

  /** The response transform for one call, or undefined when no policy reads responses. */
  createPartTransform(call: PolicyCall): PartTransform | undefined {
    const stages: PartStage[] = [];
    for (const entry of this.policies) {
      const { policy } = entry;
      const run = new PolicyRun(entry, call, this.messages);
      if (policy.onPart !== undefined) stages.push(partHookStage(run));
      if (policy.onTextDelta !== undefined) stages.push(textDeltaStage(run));
      if (policy.onTextBlock !== undefined) stages.push(textBlockStage(run));
      if (policy.onToolCall !== undefined) stages.push(toolCallStage(run));
      if (policy.onResponse !== undefined) stages.push(responseStage(run));
    }
    if (stages.length === 0) return undefined;
    return (parts) => runStages(stages, 0, parts);
  }
}

function runStages(stages: readonly PartStage[], from: number, parts: readonly StreamPart[]): MaybePromise<readonly StreamPart[]> {
  let current = parts;
  for (let i = from; i < stages.length; i++) {
    if (current.length === 0) return current;
    const next = (stages[i] as PartStage).push(current);
    if (next instanceof Promise) return next.then((resolved) => runStages(stages, i + 1, resolved));
    current = next;
  }
  return current;
}
