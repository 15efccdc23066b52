import { isJsonObject, type JsonObject } from './is-json-object.js';

/** A harmless command whose output is easy to spot in transcripts and assertions. */
export const MOCK_SHELL_COMMAND = 'echo tool-output-42';

const SHELL_INPUT: JsonObject = { command: MOCK_SHELL_COMMAND, description: 'Print a marker' };

/**
 * Builds a tool input that validates against the tool's declared schema, so clients that check
 * tool inputs (as coding agents do before running a tool) accept the scripted call. Any API family:
 * Anthropic names the schema `input_schema`, OpenAI `parameters`.
 */
export function mockInputForSchema(toolName: unknown, declaredSchema: unknown): JsonObject {
  const schema = isJsonObject(declaredSchema) ? declaredSchema : {};
  const properties = isJsonObject(schema['properties']) ? schema['properties'] : {};
  const commandProperty = properties['command'];
  const hasCommandString = isJsonObject(commandProperty) && commandProperty['type'] === 'string';
  if (toolName === 'Bash' || hasCommandString) return SHELL_INPUT;

  const required = Array.isArray(schema['required']) ? schema['required'] : [];
  const input: Record<string, unknown> = {};
  for (const name of required) {
    if (typeof name !== 'string') continue;
    const property = properties[name];
    input[name] = mockValue(name, isJsonObject(property) ? property : {});
  }
  return input;
}

function mockValue(name: string, property: JsonObject): unknown {
  // An enum value is the only string some schemas accept.
  const options = property['enum'];
  if (Array.isArray(options) && options.length > 0) return options[0];
  const declared = property['type'];
  // A type list such as ["string", "null"] means nullable; pick the useful member.
  const type: unknown = Array.isArray(declared) ? (declared as unknown[]).find((t) => t !== 'null') : declared;
  switch (type) {
    case 'number':
    case 'integer':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return {};
    case 'null':
      return null;
    default:
      // Codex's exec_command takes its shell line as `cmd`; a runnable command beats a placeholder.
      return name === 'cmd' ? MOCK_SHELL_COMMAND : `mock-${name}`;
  }
}
