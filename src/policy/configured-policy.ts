import type { Policy } from '../core/policy.js';
import type { FailureMode } from '../core/policy-definition.js';

/** One policy of a chain, with how the runtime runs it: what a failure does and how long a hook may take. */
export interface ConfiguredPolicy {
  readonly policy: Policy;
  readonly failureMode: FailureMode;
  /** The longest one hook call may take before it counts as failed. */
  readonly timeoutMs: number;
}

/**
 * The texts the runtime writes for people when it blocks something or a policy fails, by situation.
 * Each is a template with `{placeholder}`s (see docs/policies.md); a missing key takes the default.
 */
export type MessageTemplates = Readonly<Partial<Record<'blocked_tool_call' | 'blocked_request' | 'blocked_text' | 'policy_failed', string>>>;

/** The runtime's default hook timeout when neither the configuration nor the definition says. */
export const DEFAULT_HOOK_TIMEOUT_MS = 30_000;

/** A policy as a chain entry, failing closed under the default timeout unless told otherwise. */
export function configurePolicy(policy: Policy, options: { readonly failureMode?: FailureMode; readonly timeoutMs?: number } = {}): ConfiguredPolicy {
  return { policy, failureMode: options.failureMode ?? 'fail_closed', timeoutMs: options.timeoutMs ?? DEFAULT_HOOK_TIMEOUT_MS };
}
