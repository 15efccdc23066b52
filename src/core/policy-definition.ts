import type { z } from 'zod';
import type { Policy } from './policy.js';

/**
 * What happens when one of a policy's hooks throws or times out. Either way the failure is recorded
 * and shown in the activity feed.
 * - `fail_closed`: the content the hook was checking is withheld and the user sees why (a request is
 *   answered with an explanation instead of being sent; a tool call or text block is replaced by one).
 * - `fail_open`: the content passes as if the policy had allowed it.
 */
export type FailureMode = 'fail_closed' | 'fail_open';

/**
 * How a policy is registered: a name, what it does, a zod schema for its configuration (its JSON
 * Schema documents the options), and a factory that builds the policy from a validated config.
 */
export interface PolicyDefinition<Schema extends z.ZodType = z.ZodType> {
  readonly name: string;
  readonly description: string;
  readonly configSchema: Schema;
  /** When the configuration does not say (`on_failure`). Guards default to `fail_closed`, cosmetic policies to `fail_open`. */
  readonly defaultFailureMode?: FailureMode;
  /** Per-hook timeout when the configuration does not say (`timeout_ms`); the runtime's default otherwise. */
  readonly defaultTimeoutMs?: number;
  /** Builds the policy from its validated configuration. (`chain` is built by the runtime, which flattens it.) */
  create(config: z.output<Schema>): Policy;
}

/** One policy as a configuration names it: `{ name, config, on_failure?, timeout_ms? }`. */
export interface PolicySpec {
  readonly name: string;
  readonly config?: Readonly<Record<string, unknown>> | null;
  readonly on_failure?: FailureMode;
  readonly timeout_ms?: number;
}

export function definePolicy<Schema extends z.ZodType>(definition: PolicyDefinition<Schema>): PolicyDefinition<Schema> {
  return definition;
}
