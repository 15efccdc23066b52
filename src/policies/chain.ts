import { z } from 'zod';
import { definePolicy } from '../core/policy-definition.js';
import { policySpecSchema } from '../policy/policy-spec-schema.js';

export const chainConfigSchema = z.strictObject({
  policies: z.array(policySpecSchema).min(1).meta({
    description:
      'The policies to run, in order: each one’s output is the next one’s input (requests in this order, responses too). A nested `chain` is flattened into its place; its `on_failure` and `timeout_ms` apply to the policies inside that set neither.',
  }),
});

/**
 * Runs several policies as one. It has no hooks of its own: `buildPolicyChain` flattens it into the
 * list of policies the runtime runs, so `create` is never the way it is built.
 */
export const chainPolicy = definePolicy({
  name: 'chain',
  description: 'Runs a list of policies in order, each one’s output feeding the next.',
  configSchema: chainConfigSchema,
  create: () => {
    throw new Error('`chain` is flattened by buildPolicyChain, not created on its own');
  },
});
