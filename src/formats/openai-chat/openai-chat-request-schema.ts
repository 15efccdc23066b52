import { z } from 'zod';

/**
 * The loosest schema that still catches a malformed Chat Completions request before it costs an
 * upstream call. Objects are loose: every field we do not name passes through untouched
 * (`reasoning_effort`, `verbosity`, `response_format`, `tool_choice`, `parallel_tool_calls`,
 * `stream_options`, `n`, `logprobs`, `audio`, `modalities`, `store`, …). Roles are not restricted,
 * and `max_tokens` is optional here (unlike Anthropic).
 *
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
const contentPart = z.looseObject({ type: z.string() });

const message = z.looseObject({
  role: z.string(),
  // An assistant message that only calls tools sends `content: null` (or none at all).
  content: z.union([z.string(), z.array(contentPart)]).nullish(),
  tool_calls: z.array(z.looseObject({})).nullish(),
  tool_call_id: z.string().nullish(),
});

export const openaiChatRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(message),
  stream: z.boolean().nullish(),
  tools: z.array(z.looseObject({ type: z.string() })).nullish(),
  stream_options: z.looseObject({}).nullish(),
});

export type OpenAIChatRequestBody = z.infer<typeof openaiChatRequestSchema>;
