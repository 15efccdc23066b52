import { isJsonObject, type JsonObject } from '../../core/json.js';
import type { StreamPart } from '../../core/stream-part.js';
import {
  choicesOf,
  choiceZeroPosition,
  isModeledToolCall,
  legacyFunctionCallOf,
  nonEmpty,
  reasoningFields,
  toolCallsOf,
  withoutOwnedFields,
} from './openai-chat-chunk.js';
import { OpenAIChatChunkReader } from './openai-chat-chunk-reader.js';

/**
 * Turns a non-streaming `chat.completion` into the same parts a stream of it would give, so policies
 * and the recorder have one code path. Each part's origin holds the chunk the API would have
 * streamed: an opening chunk with the message's other fields (and the other choices), then reasoning,
 * content, one chunk per tool call, and a finish chunk with the choice's other fields and the usage.
 *
 * @see https://platform.openai.com/docs/api-reference/chat/object
 */
export function decodeOpenAIChatCompletion(body: JsonObject): StreamPart[] {
  const position = choiceZeroPosition(body);
  const choices = choicesOf(body);
  const first = isJsonObject(choices[position]) ? choices[position] : undefined;
  const others = choices.filter((choice, i): choice is JsonObject => i !== position && isJsonObject(choice)).map(asChunkChoice);
  const { usage, ...rest } = body;
  const envelope = { ...rest, object: 'chat.completion.chunk' };
  const chunk = (choiceList: JsonObject[], extra: JsonObject = {}): JsonObject => ({ ...envelope, choices: choiceList, ...extra });
  const delta = (fields: JsonObject): JsonObject[] => [{ index: 0, delta: fields, finish_reason: null }];

  const message = isJsonObject(first?.message) ? first.message : {};
  // The text comes in its own chunk; the opening one says `content: ""`, as the API's first chunk does.
  const opening = withoutOwnedFields(nonEmpty(message.content) === undefined ? message : { ...message, content: '' });
  const chunks = [chunk([...(first === undefined ? [] : delta(opening)), ...others])];
  if (first !== undefined) {
    const reasoning = Object.fromEntries(reasoningFields.flatMap((field) => (nonEmpty(message[field]) === undefined ? [] : [[field, message[field]]])));
    if (Object.keys(reasoning).length > 0) chunks.push(chunk(delta(reasoning)));
    if (nonEmpty(message.content) !== undefined) chunks.push(chunk(delta({ content: message.content })));
    toolCallsOf(message).forEach((entry, index) => {
      if (isModeledToolCall(entry)) chunks.push(chunk(delta({ tool_calls: [{ index, ...entry }] })));
    });
    const legacy = legacyFunctionCallOf(message);
    if (legacy !== undefined) chunks.push(chunk(delta({ function_call: legacy })));
    chunks.push(chunk([asChunkChoice({ ...first, message: {} })], usage === undefined ? {} : { usage }));
  }
  const reader = new OpenAIChatChunkReader();
  return [...chunks.flatMap((data) => reader.readChunk(data)), ...reader.readDone()];
}

/** A whole choice as a chunk choice: `message` becomes `delta`, in its place. */
function asChunkChoice(choice: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(choice).map(([key, value]) => (key === 'message' ? ['delta', value] : [key, value])));
}
