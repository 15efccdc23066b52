import type { JsonObject } from './is-json-object.js';
import type { PlannedBlock } from './reply-plan.js';
import { splitIntoPieces } from './split-into-pieces.js';

/** A tool_use block whose input streams as an empty fragment, then the JSON text in three pieces, as the API sends it. */
export function toolUseBlock(id: string, name: string, input: JsonObject): PlannedBlock {
  return { type: 'tool_use', id, name, input, fragments: ['', ...splitIntoPieces(JSON.stringify(input), 3)] };
}
