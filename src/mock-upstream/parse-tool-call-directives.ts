import { isJsonObject, type JsonObject } from './is-json-object.js';
import { parseJsonOrUndefined } from './parse-json-or-undefined.js';

/** What `mock:tool-input:` and `mock:tool-name:` directives ask of the scripted tool calls, in order. */
export interface ToolCallDirectives {
  readonly toolInputs: readonly JsonObject[];
  readonly toolNames: readonly string[];
  /** The argument of the first `mock:tool-input:` that is not base64url of a JSON object. */
  readonly badToolInput: string | undefined;
}

// base64url has no `:` and no spaces, so a directive encoded inside it can never be read as one.
const TOOL_INPUT_PATTERN = /(?<![\w-])mock:tool-input:([\w-]*={0,2})/g;
// Tool names are letters, digits, `_` and `-` (MCP tools: `mcp__server__tool`); dots only between
// them, so a sentence's full stop is not swallowed.
const TOOL_NAME_PATTERN = /(?<![\w-])mock:tool-name:([\w-]+(?:\.[\w-]+)*)/g;

export function parseToolCallDirectives(source: string): ToolCallDirectives {
  const toolInputs: JsonObject[] = [];
  let badToolInput: string | undefined;
  for (const [, encoded = ''] of source.matchAll(TOOL_INPUT_PATTERN)) {
    const input = decodeToolInput(encoded);
    if (input !== undefined) toolInputs.push(input);
    else badToolInput ??= encoded;
  }
  const toolNames = Array.from(source.matchAll(TOOL_NAME_PATTERN), ([, name = '']) => name);
  return { toolInputs, toolNames, badToolInput };
}

function decodeToolInput(encoded: string): JsonObject | undefined {
  if (encoded === '') return undefined;
  const value = parseJsonOrUndefined(Buffer.from(encoded, 'base64url').toString('utf8'));
  return isJsonObject(value) ? value : undefined;
}
