import type { JsonObject } from '../../core/json.js';
import type { StreamPart } from '../../core/stream-part.js';
import { OpenAIResponsesStreamEncoder } from './openai-responses-stream-encoder.js';

/**
 * Folds parts (already passed through the invariants) into one response object, the way the API
 * would have returned it non-streaming. It is exactly the `response` a streaming client would have
 * received in `response.completed`: the encoder's own bookkeeping, without writing any events, so the
 * two can never disagree. Unknown fields of the response and of each item are kept.
 */
export function foldOpenAIResponsesResponse(parts: readonly StreamPart[]): JsonObject {
  const encoder = new OpenAIResponsesStreamEncoder(false);
  for (const part of parts) encoder.encode(part);
  return encoder.response();
}
