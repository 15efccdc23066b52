import { z } from 'zod';
import { definePolicy } from '../core/policy-definition.js';

/** Changes nothing: every request and response passes byte for byte. The default. */
export const noopPolicy = definePolicy({
  name: 'noop',
  description: 'Passes every request and response through unchanged.',
  configSchema: z.strictObject({}),
  defaultFailureMode: 'fail_open',
  create: () => ({ name: 'noop' }),
});
