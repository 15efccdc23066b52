import { MOCK_CREATED_AT } from './mock-created-at.js';
import type { ResponsesReply } from './responses-reply.js';

export type ResponsesStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';

export interface ResponsesObjectFields {
  readonly status: ResponsesStatus;
  readonly output: readonly object[];
  /** null until the response is finished. */
  readonly usage: object | null;
  readonly error?: object | null;
  readonly incompleteDetails?: object | null;
}

/**
 * The response object of the lifecycle events and of a non-streaming answer. Request fields are
 * echoed back (with the API's defaults) as OpenAI does, since clients and proxies read them there.
 */
export function responsesResponseObject(reply: ResponsesReply, fields: ResponsesObjectFields): object {
  const echo = reply.request.echo;
  return {
    id: reply.responseId,
    object: 'response',
    created_at: MOCK_CREATED_AT,
    status: fields.status,
    background: false,
    error: fields.error ?? null,
    incomplete_details: fields.incompleteDetails ?? null,
    instructions: echo.instructions,
    max_output_tokens: echo.maxOutputTokens,
    model: reply.request.model,
    output: fields.output,
    parallel_tool_calls: echo.parallelToolCalls,
    previous_response_id: echo.previousResponseId,
    prompt_cache_key: echo.promptCacheKey,
    reasoning: echo.reasoning,
    service_tier: 'default',
    store: echo.store,
    temperature: echo.temperature,
    text: echo.text,
    tool_choice: echo.toolChoice,
    tools: echo.tools,
    top_p: echo.topP,
    truncation: echo.truncation,
    usage: fields.usage,
    user: null,
    metadata: echo.metadata,
  };
}

/** Usage as the Responses API reports it; reasoning tokens are part of the output tokens. */
export function responsesUsage(reply: ResponsesReply): object {
  const { inputTokens, outputTokens, reasoningTokens } = reply.plan.usage;
  return {
    input_tokens: inputTokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: reasoningTokens },
    total_tokens: inputTokens + outputTokens,
  };
}

/** The finished response: `completed`, or `incomplete` when the reply was cut at max tokens. */
export function finishedResponseObject(reply: ResponsesReply, output: readonly object[]): object {
  const incomplete = reply.plan.finishReason === 'length';
  return responsesResponseObject(reply, {
    status: incomplete ? 'incomplete' : 'completed',
    output,
    usage: responsesUsage(reply),
    incompleteDetails: incomplete ? { reason: 'max_output_tokens' } : null,
  });
}
