import { z } from 'zod';

/**
 * The loosest schema that still catches a malformed Messages request before it costs an upstream call.
 * Objects are loose: every field we do not name passes through untouched (`thinking`, `output_config`,
 * `context_management`, …). Roles are not restricted: Claude Code sends `system` entries in `messages`.
 *
 * @see https://docs.anthropic.com/en/api/messages
 */
const contentBlock = z.looseObject({ type: z.string() });

const message = z.looseObject({
  role: z.string(),
  content: z.union([z.string(), z.array(contentBlock)], { error: 'expected a string or an array of content blocks with a `type`' }),
});

export const anthropicRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(message),
  max_tokens: z.number().int().nonnegative(),
  stream: z.boolean().nullish(),
  system: z.union([z.string(), z.array(contentBlock)], { error: 'expected a string or an array of text blocks' }).nullish(),
  tools: z.array(z.looseObject({})).nullish(),
  metadata: z.looseObject({ user_id: z.string().nullish() }).nullish(),
});

export type AnthropicRequestBody = z.infer<typeof anthropicRequestSchema>;
