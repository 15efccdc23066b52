import type { Policy, PolicyContext, RequestDecision } from '../core/policy.js';
import { ProxyError } from '../core/proxy-error.js';
import type { RequestView } from '../core/request-view.js';
import { modifyPart, type StreamPart } from '../core/stream-part.js';

type MaybePromise<T> = T | Promise<T>;

/** Transforms the response's parts for one request, in order; sync whenever every hook it runs is sync. */
export type PartTransform = (parts: readonly StreamPart[]) => MaybePromise<readonly StreamPart[]>;

type PartStage = (part: StreamPart) => MaybePromise<readonly StreamPart[]>;

/** The outcome of the request phase: the request to send upstream, or a direct answer. */
export type RequestOutcome =
  | { readonly action: 'forward'; readonly request: RequestView }
  | { readonly action: 'respond'; readonly text: string; readonly policy: string; readonly reason: string | undefined };

/**
 * Runs policies in order: each one's output is the next one's input. With no policy that has response
 * hooks, `createPartTransform` returns undefined and parts flow straight to the encoder.
 */
export class PolicyChain {
  constructor(readonly policies: readonly Policy[]) {}

  /** True when some policy reads or rewrites responses (has `onPart` or `onTextDelta`). */
  get readsResponses(): boolean {
    return this.policies.some((policy) => policy.onPart !== undefined || policy.onTextDelta !== undefined);
  }

  get names(): string[] {
    return this.policies.map((policy) => policy.name);
  }

  async runRequest(request: RequestView, ctx: PolicyContext): Promise<RequestOutcome> {
    let current = request;
    for (const policy of this.policies) {
      if (policy.onRequest === undefined) continue;
      const decision: RequestDecision = await guard(policy, () => policy.onRequest?.(current, ctx));
      if (decision.action === 'respond') return { action: 'respond', text: decision.text, policy: policy.name, reason: decision.reason };
      current = decision.request ?? current;
    }
    return { action: 'forward', request: current };
  }

  createPartTransform(ctx: PolicyContext): PartTransform | undefined {
    const stages = this.policies.flatMap((policy) => {
      const stage = partStage(policy, ctx);
      return stage === undefined ? [] : [stage];
    });
    if (stages.length === 0) return undefined;
    return (parts) => runStages(stages, 0, parts);
  }
}

function runStages(stages: readonly PartStage[], from: number, parts: readonly StreamPart[]): MaybePromise<readonly StreamPart[]> {
  let current = parts;
  for (let i = from; i < stages.length; i++) {
    const stage = stages[i] as PartStage;
    const next = flatMapMaybe(current, stage);
    if (next instanceof Promise) return next.then((resolved) => runStages(stages, i + 1, resolved));
    current = next;
  }
  return current;
}

/** One policy's response hooks as a part transform: `onPart` first (it sees every part), then `onTextDelta`. */
function partStage(policy: Policy, ctx: PolicyContext): PartStage | undefined {
  const hasTextHook = policy.onTextDelta !== undefined;
  const hasPartHook = policy.onPart !== undefined;
  if (!hasPartHook && !hasTextHook) return undefined;
  const textStage = (part: StreamPart): MaybePromise<readonly StreamPart[]> => {
    if (!hasTextHook || part.type !== 'text-delta') return [part];
    return thenMaybe(
      guard(policy, () => policy.onTextDelta?.(part.text, ctx)),
      (text) => (text === part.text ? [part] : text === '' ? [] : [modifyPart(part, { text })]),
    );
  };
  if (!hasPartHook) return textStage;
  // Parts this policy was given; anything else it returns is its own making (or a changed copy).
  const received = new WeakSet<StreamPart>();
  return (part) => {
    received.add(part);
    return thenMaybe(guard(policy, () => policy.onPart?.(part, ctx)), (result) => {
      const parts: readonly StreamPart[] = result === null ? [] : isPartList(result) ? result : [result];
      return flatMapMaybe(
        parts.map((out) => (received.has(out) ? out : withoutRaw(out))),
        textStage,
      );
    });
  };
}

/** Maps parts in order; hooks run one after another even when they are async, so per-request state stays ordered. */
function isPartList(value: StreamPart | readonly StreamPart[]): value is readonly StreamPart[] {
  return Array.isArray(value);
}

/**
 * A part a policy built by spreading a received one (`{ ...part, text }`) still carries that part's wire
 * bytes, which no longer describe it; dropping them makes the encoder write what the part now says.
 */
function withoutRaw(part: StreamPart): StreamPart {
  return part.origin?.raw === undefined ? part : { ...part, origin: { format: part.origin.format, data: part.origin.data } };
}

function flatMapMaybe(
  parts: readonly StreamPart[],
  transform: (part: StreamPart) => MaybePromise<readonly StreamPart[]>,
): MaybePromise<readonly StreamPart[]> {
  if (parts.length === 1) return transform(parts[0] as StreamPart);
  const out: StreamPart[] = [];
  for (let i = 0; i < parts.length; i++) {
    const result = transform(parts[i] as StreamPart);
    if (result instanceof Promise) {
      return result.then(async (first) => {
        out.push(...first);
        for (let j = i + 1; j < parts.length; j++) out.push(...(await transform(parts[j] as StreamPart)));
        return out;
      });
    }
    out.push(...result);
  }
  return out;
}

function thenMaybe<T, U>(value: MaybePromise<T>, next: (value: T) => MaybePromise<U>): MaybePromise<U> {
  return value instanceof Promise ? value.then(next) : next(value);
}

/** Runs a hook; any failure (sync or async) becomes LUTHIEN_POLICY_FAILED naming the policy. */
function guard<T>(policy: Policy, hook: () => MaybePromise<T> | undefined): MaybePromise<T> {
  const fail = (error: unknown): never => {
    if (ProxyError.isInstance(error)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new ProxyError('LUTHIEN_POLICY_FAILED', `${policy.name}: ${message}`, { cause: error });
  };
  try {
    const result = hook() as MaybePromise<T>;
    return result instanceof Promise ? result.catch(fail) : result;
  } catch (error) {
    return fail(error);
  }
}
