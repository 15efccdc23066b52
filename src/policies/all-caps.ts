import { z } from 'zod';
import { definePolicy } from '../core/policy-definition.js';

/**
 * Upper-cases the assistant's text as it streams (a demonstration policy). Only text deltas are
 * touched: tool inputs, thinking and signatures stay exactly as the model wrote them.
 */
export const allCapsPolicy = definePolicy({
  name: 'all-caps',
  description: 'Upper-cases assistant text, streaming and not; never tool inputs, thinking or signatures.',
  configSchema: z.strictObject({}),
  // Cosmetic: if it ever fails, the text is better passed on than withheld.
  defaultFailureMode: 'fail_open',
  create: () => ({
    name: 'all-caps',
    onTextDelta: (text: string) => text.toUpperCase(),
  }),
});
