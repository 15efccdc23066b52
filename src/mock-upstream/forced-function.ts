import { isJsonObject } from './is-json-object.js';
import type { ForcedFunction, MockFunctionTool } from './openai-request-view.js';

/**
 * Reads `tool_choice`: a named function (Chat nests the name in `function`, Responses does not), or
 * `"required"`, which a model meets by calling the first function tool.
 */
export function forcedFunction(toolChoice: unknown, functionTools: readonly MockFunctionTool[]): ForcedFunction | undefined {
  if (toolChoice === 'required') {
    const first = functionTools[0];
    return first === undefined ? undefined : { name: first.name, byName: false };
  }
  if (!isJsonObject(toolChoice) || toolChoice['type'] !== 'function') return undefined;
  const fn = toolChoice['function'];
  const name = isJsonObject(fn) ? fn['name'] : toolChoice['name'];
  return typeof name === 'string' ? { name, byName: true } : undefined;
}
