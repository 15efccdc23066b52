import type { z } from 'zod';
import type { Policy } from './policy.js';

/**
 * How a policy is registered: a name, what it does, a zod schema for its configuration (its JSON
 * Schema documents the options), and a factory that builds the policy from a validated config.
 */
export interface PolicyDefinition<Schema extends z.ZodType = z.ZodType> {
  readonly name: string;
  readonly description: string;
  readonly configSchema: Schema;
  create(config: z.output<Schema>): Policy;
}

export function definePolicy<Schema extends z.ZodType>(definition: PolicyDefinition<Schema>): PolicyDefinition<Schema> {
  return definition;
}
