import { contentText } from './content-text.js';
import { forcedFunction } from './forced-function.js';
import { isJsonObject, type JsonObject } from './is-json-object.js';
import { newestTurnText, type TurnItem } from './newest-turn-text.js';
import type { MockFunctionTool, OpenAIRequestView } from './openai-request-view.js';
import type { ReplyTextSource } from './reply-text-deltas.js';

/** Request fields the API echoes back in every response object, with the API's defaults. */
export interface ResponsesEcho {
  readonly instructions: unknown;
  readonly maxOutputTokens: unknown;
  readonly parallelToolCalls: unknown;
  readonly previousResponseId: unknown;
  readonly promptCacheKey: unknown;
  readonly reasoning: JsonObject;
  readonly store: unknown;
  readonly temperature: unknown;
  readonly text: JsonObject;
  readonly toolChoice: unknown;
  readonly tools: unknown;
  readonly topP: unknown;
  readonly truncation: unknown;
  readonly metadata: unknown;
}

export interface ResponsesRequestView extends OpenAIRequestView {
  /** `include` asks for `reasoning.encrypted_content`, as Codex does with `store: false`. */
  readonly includeEncryptedReasoning: boolean;
  readonly echo: ResponsesEcho;
}

const DEFAULT_MODEL = 'gpt-5-codex';
const TOOL_OUTPUT_TYPES: ReadonlySet<unknown> = new Set(['function_call_output', 'custom_tool_call_output']);

export function readResponsesRequest(body: JsonObject): ResponsesRequestView {
  const input = body['input'];
  const include = body['include'];
  const tools = declaredTools(body['tools'], input);
  const functionTools = tools.flatMap((tool): MockFunctionTool[] =>
    tool['type'] === 'function' && typeof tool['name'] === 'string' ? [{ name: tool['name'], parameters: tool['parameters'] }] : [],
  );
  return {
    model: typeof body['model'] === 'string' ? body['model'] : DEFAULT_MODEL,
    stream: body['stream'] === true,
    includeEncryptedReasoning: Array.isArray(include) && include.includes('reasoning.encrypted_content'),
    functionTools,
    customToolName: firstCustomToolName(tools),
    systemText: instructionsText(body['instructions'], input),
    forcedFunction: forcedFunction(body['tool_choice'], functionTools),
    echo: readEcho(body),
    ...inputText(input),
  };
}

function firstCustomToolName(tools: readonly JsonObject[]): string | undefined {
  for (const tool of tools) {
    const name = tool['name'];
    if (tool['type'] === 'custom' && typeof name === 'string') return name;
  }
  return undefined;
}

/** `instructions`, then the text of any system or developer message in `input`. */
function instructionsText(instructions: unknown, input: unknown): string {
  const items = Array.isArray(input) ? (input as unknown[]) : [];
  const messages = items.filter(
    (item): item is JsonObject => isJsonObject(item) && (item['role'] === 'system' || item['role'] === 'developer'),
  );
  const texts = messages.map((message) => contentText(message['content'], 'input_text'));
  return [typeof instructions === 'string' ? instructions : '', ...texts].filter((text) => text !== '').join('\n');
}

/** `input` is a plain string (one user message) or a list of items. */
function inputText(input: unknown): ReplyTextSource {
  if (typeof input === 'string') return { lastUserText: input, toolResultText: undefined };
  return newestTurnText(Array.isArray(input) ? (input as unknown[]) : [], classifyItem);
}

function classifyItem(item: JsonObject): TurnItem {
  const type = item['type'];
  // Messages may omit `type` (the SDK's EasyInputMessage).
  if ((type === 'message' || type === undefined) && item['role'] === 'user') {
    return { kind: 'user', text: contentText(item['content'], 'input_text') };
  }
  if (TOOL_OUTPUT_TYPES.has(type)) return { kind: 'tool-result', text: contentText(item['output'], 'input_text') };
  return { kind: 'other' };
}

/**
 * Tools are top-level `tools`, or (Codex with catalog models) an `additional_tools` input item.
 * Namespaces group tools; a call names the inner tool, so they are flattened.
 */
function declaredTools(tools: unknown, input: unknown): JsonObject[] {
  const topLevel = flattenTools(tools);
  if (topLevel.length > 0 || !Array.isArray(input)) return topLevel;
  return (input as unknown[]).flatMap((item) =>
    isJsonObject(item) && item['type'] === 'additional_tools' ? flattenTools(item['tools']) : [],
  );
}

function flattenTools(tools: unknown): JsonObject[] {
  if (!Array.isArray(tools)) return [];
  return (tools as unknown[]).flatMap((tool) => {
    if (!isJsonObject(tool)) return [];
    return tool['type'] === 'namespace' ? flattenTools(tool['tools']) : [tool];
  });
}

function readEcho(body: JsonObject): ResponsesEcho {
  const given = (key: string, fallback: unknown): unknown => (body[key] === undefined ? fallback : body[key]);
  const reasoning = body['reasoning'];
  const text = body['text'];
  return {
    instructions: given('instructions', null),
    maxOutputTokens: given('max_output_tokens', null),
    parallelToolCalls: given('parallel_tool_calls', true),
    previousResponseId: given('previous_response_id', null),
    promptCacheKey: given('prompt_cache_key', null),
    reasoning: { effort: null, summary: null, ...(isJsonObject(reasoning) ? reasoning : {}) },
    store: given('store', true),
    temperature: given('temperature', 1),
    text: { format: { type: 'text' }, verbosity: 'medium', ...(isJsonObject(text) ? text : {}) },
    toolChoice: given('tool_choice', 'auto'),
    tools: given('tools', []),
    topP: given('top_p', 1),
    truncation: given('truncation', 'disabled'),
    metadata: given('metadata', {}),
  };
}
