import { isJsonObject, type JsonObject } from './is-json-object.js';
import type { ReplyTextSource } from './reply-text-deltas.js';

/** How one conversation item counts when looking for the newest turn. */
export type TurnItem =
  | { readonly kind: 'user'; readonly text: string }
  | { readonly kind: 'tool-result'; readonly text: string }
  | { readonly kind: 'other' };

/**
 * Finds the newest turn of a conversation. Tool results after the last user message are that turn,
 * as a `tool_result` block is in the Anthropic API; the user text before them is then not read, so
 * the directive that asked for the tool call does not ask for it again and loop an agent forever.
 */
export function newestTurnText(items: readonly unknown[], classify: (item: JsonObject) => TurnItem): ReplyTextSource {
  let toolResultText: string | undefined;
  for (let i = items.length - 1; i >= 0; i--) {
    const item: unknown = items[i];
    if (!isJsonObject(item)) continue;
    const turn = classify(item);
    // Overwritten while walking back, so the earliest result of the newest turn wins, as with Anthropic.
    if (turn.kind === 'tool-result') toolResultText = turn.text;
    else if (turn.kind === 'user') return { lastUserText: toolResultText === undefined ? turn.text : '', toolResultText };
  }
  return { lastUserText: '', toolResultText };
}
