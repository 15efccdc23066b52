import { isClientTool } from './is-client-tool.js';
import type { JsonObject } from './is-json-object.js';
import type { MockDirectives } from './mock-directives.js';
import { mockInputForSchema } from './mock-tool-input.js';
import { nthOrLast } from './nth-or-last.js';
import type { MessagesRequestView } from './read-messages-request.js';

/** One tool call an Anthropic reply makes. */
export interface ScriptedToolUse {
  readonly name: string;
  readonly input: JsonObject;
}

/**
 * The tool calls `mock:tool` / `mock:tools:N` ask for. Each goes to the tool `mock:tool-name:` names
 * (declared or not) or else to the first custom tool, with the input `mock:tool-input:` gives or
 * else one built from that tool's schema. No call when no tool is declared and none is named: a
 * model without tools answers in text.
 */
export function scriptedToolUses(request: MessagesRequestView, directives: MockDirectives): ScriptedToolUse[] {
  const clientTools = request.tools.filter(isClientTool);
  const first = clientTools[0];
  if (first === undefined && directives.toolNames.length === 0) return [];
  return Array.from({ length: directives.toolCount }, (_, index) => {
    const named = nthOrLast(directives.toolNames, index);
    const tool = named === undefined ? first : clientTools.find((candidate) => candidate['name'] === named);
    const firstName = first?.['name'];
    const name = named ?? (typeof firstName === 'string' ? firstName : 'tool');
    const input = nthOrLast(directives.toolInputs, index) ?? mockInputForSchema(name, tool?.['input_schema']);
    return { name, input };
  });
}
