import { isJsonObject, type JsonObject } from '../../core/json.js';
import type { ToolDefinition } from '../../core/request-view.js';

/**
 * The tools a request offers: top-level `tools` and those Codex sends in `additional_tools` input
 * items. A `namespace` is listed itself and with its inner tools, which the model calls by their own
 * names (the call may or may not carry the namespace), so policies match them as usual.
 *
 * @see https://platform.openai.com/docs/guides/function-calling
 */
export function toolsFromResponses(body: JsonObject): ToolDefinition[] {
  const input: unknown[] = Array.isArray(body.input) ? body.input : [];
  const additional = input.flatMap((item) => (isJsonObject(item) && item.type === 'additional_tools' ? objects(item.tools) : []));
  return [...objects(body.tools), ...additional].flatMap(toolFromResponses);
}

function toolFromResponses(tool: JsonObject): ToolDefinition[] {
  const type = typeof tool.type === 'string' ? tool.type : 'function';
  const definition: ToolDefinition = {
    name: typeof tool.name === 'string' ? tool.name : type,
    ...(typeof tool.description === 'string' ? { description: tool.description } : {}),
    ...(type === 'function' && isJsonObject(tool.parameters) ? { inputSchema: tool.parameters } : {}),
    // `function` and `custom` (free-text input) are the client's own tools; others are the API's (`web_search`, …).
    kind: type,
    origin: { format: 'openai-responses', data: tool },
  };
  if (type !== 'namespace') return [definition];
  return [definition, ...objects(tool.tools).flatMap(toolFromResponses)];
}

function objects(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}
