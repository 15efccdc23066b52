import type { JsonObject } from './is-json-object.js';

/** Server tools (web search, code execution...) are run by the API itself, so only custom tools can be called. */
export function isClientTool(tool: JsonObject): boolean {
  return tool['type'] === undefined || tool['type'] === 'custom';
}
