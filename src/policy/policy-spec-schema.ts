import { z } from 'zod';

/** `on_failure` of a configuration entry. */
export const failureModeSchema = z.enum(['fail_closed', 'fail_open']).meta({
  description: 'What happens when one of the policy’s hooks throws or times out: `fail_closed` withholds the content and says why, `fail_open` lets it pass. Recorded either way.',
});

/**
 * One policy as a configuration names it (`PolicySpec`). `config` is checked here only as a mapping:
 * the named policy's own schema checks what is inside, once the name is known.
 */
export const policySpecSchema = z.strictObject({
  name: z.string().min(1).meta({ description: 'A built-in policy or one from `POLICY_DIR` (`luthien policy list` shows them).' }),
  config: z.record(z.string(), z.unknown()).nullish().meta({ description: 'The policy’s options, checked by its own schema.' }),
  on_failure: failureModeSchema.optional(),
  timeout_ms: z.number().int().positive().max(3_600_000).optional().meta({
    description: 'Longest a hook of this policy may take, in milliseconds (default: the policy’s own, else `POLICY_HOOK_TIMEOUT_MS`).',
  }),
});
