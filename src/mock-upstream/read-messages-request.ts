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
}

// A missing model is tolerated rather than rejected: the mock exists to exercise the proxy, not to
// re-implement the API's validation.
const DEFAULT_MODEL = 'claude-sonnet-4-6';

export function readMessagesRequest(body: JsonObject): MessagesRequestView {
  const model = typeof body['model'] === 'string' ? body['model'] : DEFAULT_MODEL;
  const stream = body['stream'] === true;
  const tools = Array.isArray(body['tools']) ? body['tools'].filter(isJsonObject) : [];
  const lastUser = findLastUserMessage(body['messages']);
  if (lastUser === undefined) return { model, stream, lastUserText: '', toolResultText: undefined, tools };

  const content = lastUser['content'];
  if (typeof content === 'string') return { model, stream, lastUserText: content, toolResultText: undefined, tools };

  const texts: string[] = [];
  let toolResultText: string | undefined;
  if (Array.isArray(content)) {
    for (const block of content) {
      if (!isJsonObject(block)) continue;
      if (block['type'] === 'text' && typeof block['text'] === 'string') texts.push(block['text']);
      else if (block['type'] === 'tool_result' && toolResultText === undefined) {
        toolResultText = toolResultContentText(block['content']);
      }
    }
  }
  return { model, stream, lastUserText: texts.join('\n'), toolResultText, tools };
}

function findLastUserMessage(messages: unknown): JsonObject | undefined {
  if (!Array.isArray(messages)) return undefined;
  for (let i = messages.length - 1; i >= 0; i--) {
    const message: unknown = messages[i];
    if (isJsonObject(message) && message['role'] === 'user') return message;
  }
  return undefined;
}

/** tool_result content is either a string or a list of blocks; only the text blocks carry text. */
function toolResultContentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const texts: string[] = [];
  for (const block of content) {
    if (isJsonObject(block) && block['type'] === 'text' && typeof block['text'] === 'string') texts.push(block['text']);
  }
  return texts.join('\n');
}
