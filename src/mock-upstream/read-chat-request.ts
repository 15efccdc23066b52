import { contentText } from './content-text.js';
import { forcedFunction } from './forced-function.js';
import { isJsonObject, type JsonObject } from './is-json-object.js';
import { newestTurnText, type TurnItem } from './newest-turn-text.js';
import type { MockFunctionTool, OpenAIRequestView } from './openai-request-view.js';
import { MAX_CHOICES } from './parse-mock-directives.js';

export interface ChatRequestView extends OpenAIRequestView {
  /** `stream_options.include_usage`: every chunk carries `usage: null`, plus a final usage chunk. */
  readonly includeUsage: boolean;
  /** The request's `n` (1 when absent), bounded like `mock:n:N`. */
  readonly choiceCount: number;
}

// A missing model is tolerated rather than rejected: the mock exists to exercise the proxy, not to
// re-implement the API's validation.
const DEFAULT_MODEL = 'gpt-4.1';

export function readChatRequest(body: JsonObject): ChatRequestView {
  const streamOptions = body['stream_options'];
  const n = body['n'];
  const messages = Array.isArray(body['messages']) ? (body['messages'] as unknown[]) : [];
  const functionTools = declaredFunctionTools(body['tools']);
  return {
    model: typeof body['model'] === 'string' ? body['model'] : DEFAULT_MODEL,
    stream: body['stream'] === true,
    includeUsage: isJsonObject(streamOptions) && streamOptions['include_usage'] === true,
    choiceCount: typeof n === 'number' && Number.isInteger(n) && n > 1 ? Math.min(n, MAX_CHOICES) : 1,
    functionTools,
    customToolName: undefined,
    systemText: messages.filter(isInstruction).map((message) => contentText(message['content'], 'text')).join('\n'),
    forcedFunction: forcedFunction(body['tool_choice'], functionTools),
    ...newestTurnText(messages, classifyMessage),
  };
}

function isInstruction(message: unknown): message is JsonObject {
  return isJsonObject(message) && (message['role'] === 'system' || message['role'] === 'developer');
}

function classifyMessage(message: JsonObject): TurnItem {
  switch (message['role']) {
    case 'user':
      return { kind: 'user', text: contentText(message['content'], 'text') };
    case 'tool':
      return { kind: 'tool-result', text: contentText(message['content'], 'text') };
    default:
      return { kind: 'other' };
  }
}

/** `tools: [{type: 'function', function: {name, parameters}}]`; other tool types cannot be called by name. */
function declaredFunctionTools(tools: unknown): MockFunctionTool[] {
  if (!Array.isArray(tools)) return [];
  return (tools as unknown[]).flatMap((tool) => {
    const fn = isJsonObject(tool) && tool['type'] === 'function' ? tool['function'] : undefined;
    return isJsonObject(fn) && typeof fn['name'] === 'string' ? [{ name: fn['name'], parameters: fn['parameters'] }] : [];
  });
}
