import { contentText } from './content-text.js';
import { isClientTool } from './is-client-tool.js';
import { isJsonObject, type JsonObject } from './is-json-object.js';

/** The few parts of a Messages request that shape the scripted reply. */
export interface MessagesRequestView {
  readonly model: string;
  readonly stream: boolean;
  /** Text blocks of the last user message joined by newlines, or its string content. */
  readonly lastUserText: string;
  /** Text of the first tool_result in the last user message, if it carries one. */
  readonly toolResultText: string | undefined;
  readonly tools: readonly JsonObject[];
  /** `system` as text (a string, or its text blocks joined by newlines). */
  readonly systemText: string;
  /** The tool `tool_choice` forces: `{type: "tool", name}`, or the first custom tool for `{type: "any"}`. */
  readonly forcedToolName: string | undefined;
}

// A missing model is tolerated rather than rejected: the mock exists to exercise the proxy, not to
// re-implement the API's validation.
const DEFAULT_MODEL = 'claude-sonnet-4-6';

export function readMessagesRequest(body: JsonObject): MessagesRequestView {
  const tools = Array.isArray(body['tools']) ? body['tools'].filter(isJsonObject) : [];
  return {
    model: typeof body['model'] === 'string' ? body['model'] : DEFAULT_MODEL,
    stream: body['stream'] === true,
    tools,
    systemText: contentText(body['system'], 'text'),
    forcedToolName: forcedToolName(body['tool_choice'], tools),
    ...lastUserTurn(findLastUserMessage(body['messages'])),
  };
}

function lastUserTurn(lastUser: JsonObject | undefined): { lastUserText: string; toolResultText: string | undefined } {
  const content = lastUser?.['content'];
  if (typeof content === 'string') return { lastUserText: content, toolResultText: undefined };

  const texts: string[] = [];
  let toolResultText: string | undefined;
  if (Array.isArray(content)) {
    for (const block of content) {
      if (!isJsonObject(block)) continue;
      if (block['type'] === 'text' && typeof block['text'] === 'string') texts.push(block['text']);
      else if (block['type'] === 'tool_result' && toolResultText === undefined) {
        // tool_result content is a string or a list of blocks; only the text blocks carry text.
        toolResultText = contentText(block['content'], 'text');
      }
    }
  }
  return { lastUserText: texts.join('\n'), toolResultText };
}

function findLastUserMessage(messages: unknown): JsonObject | undefined {
  if (!Array.isArray(messages)) return undefined;
  for (let i = messages.length - 1; i >= 0; i--) {
    const message: unknown = messages[i];
    if (isJsonObject(message) && message['role'] === 'user') return message;
  }
  return undefined;
}

function forcedToolName(toolChoice: unknown, tools: readonly JsonObject[]): string | undefined {
  if (!isJsonObject(toolChoice)) return undefined;
  if (toolChoice['type'] === 'tool' && typeof toolChoice['name'] === 'string') return toolChoice['name'];
  if (toolChoice['type'] !== 'any') return undefined;
  const name = tools.find(isClientTool)?.['name'];
  return typeof name === 'string' ? name : undefined;
}
