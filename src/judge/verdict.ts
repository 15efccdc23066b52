import { z } from 'zod';

/**
 * A judge's answer: how likely the case is harmful (or breaks a rule), and why, for people to read.
 * Keys beyond these are dropped rather than refused: a small local model asked for JSON often adds its
 * reasoning, and the verdict is still there. (The schema sent to the judge forbids them.)
 */
export const verdictSchema = z.object({
  probability: z.number().min(0).max(1).describe('0 = certainly fine, 1 = certainly harmful / certainly breaks a rule.'),
  explanation: z.string().max(2000).describe('One or two sentences a user can read: what is at stake.'),
  rule: z.int().min(1).nullish().describe('Rule judges: the number of the rule most at stake, if any.'),
});

export type Verdict = z.output<typeof verdictSchema>;
