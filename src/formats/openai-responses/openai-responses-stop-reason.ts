import { isJsonObject, type JsonObject } from '../../core/json.js';
import type { StopReason } from '../../core/stop-reason.js';

/** Output item types the client runs itself: while one remains, the model stopped to use a tool. */
export const clientToolCallTypes: ReadonlySet<string> = new Set(['function_call', 'custom_tool_call']);

/**
 * The Responses API has no stop reason: a response is `completed` or `incomplete` (with
 * `incomplete_details.reason`). The neutral reason is derived: a completed response that asks for a
 * client tool call stopped for `tool-use`, any other completed one for `end-turn`.
 *
 * @see https://platform.openai.com/docs/api-reference/responses/object#responses/object-incomplete_details
 */
export function stopReasonFromResponses(response: JsonObject, fallbackHasToolCall: boolean): StopReason {
  if (response.status === 'incomplete') {
    const reason = isJsonObject(response.incomplete_details) ? response.incomplete_details.reason : undefined;
    if (reason === 'max_output_tokens') return 'max-tokens';
    if (reason === 'content_filter') return 'content-filter';
    return `other:${typeof reason === 'string' ? reason : 'incomplete'}`;
  }
  const output = response.output;
  const hasToolCall = Array.isArray(output)
    ? output.some((item) => isJsonObject(item) && typeof item.type === 'string' && clientToolCallTypes.has(item.type))
    : fallbackHasToolCall;
  return hasToolCall ? 'tool-use' : 'end-turn';
}

/** The `incomplete_details.reason` a stop reason needs, or undefined when the response is simply completed. */
export function incompleteReasonFor(reason: StopReason | null): string | undefined {
  switch (reason) {
    case 'max-tokens':
      return 'max_output_tokens';
    case 'content-filter':
      return 'content_filter';
    case null:
    case 'end-turn':
    case 'tool-use':
    case 'stop-sequence':
    case 'pause-turn':
    case 'refusal':
      return undefined;
    default:
      return reason.slice('other:'.length);
  }
}
