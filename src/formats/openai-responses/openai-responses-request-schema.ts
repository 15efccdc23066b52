import { z } from 'zod';

/**
 * The loosest schema that still catches a malformed Responses request before it costs an upstream
 * call. Objects are loose: every field we do not name passes through untouched (`store`, `include`,
 * `reasoning`, `text`, `prompt_cache_key`, `client_metadata`, `parallel_tool_calls`, …), and so do
 * input item types we do not know (Codex's `additional_tools`).
 *
 * @see https://platform.openai.com/docs/api-reference/responses/create
 */
const contentPart = z.looseObject({ type: z.string() });

const inputItem = z.looseObject({
  type: z.string().optional(),
  role: z.string().optional(),
  // Codex sends `content: null` on the reasoning items it returns each turn.
  content: z.union([z.string(), z.array(contentPart)]).nullish(),
  // Tool outputs: a string, or content parts (Codex sends both shapes).
  output: z.union([z.string(), z.array(contentPart)]).nullish(),
});

export const openAIResponsesRequestSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(inputItem)]).nullish(),
  instructions: z.union([z.string(), z.array(z.looseObject({}))]).nullish(),
  stream: z.boolean().nullish(),
  tools: z.array(z.looseObject({ type: z.string() })).nullish(),
});

export type OpenAIResponsesRequestBody = z.infer<typeof openAIResponsesRequestSchema>;
