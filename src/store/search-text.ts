import type { CallRecord, RecordedResponse } from '../core/call-record.js';
import { lastUserText } from './last-user-text.js';

/**
 * Longest searchable text kept per call. Postgres refuses a tsvector over 1 MB, and the start of a
 * huge paste finds the call as well as all of it would.
 */
export const maxSearchTextLength = 100_000;

/**
 * The text a call is found by: the user's words in the newest turn (earlier turns were indexed with
 * their own calls, since clients re-send the history), the assistant's text, and tool calls (name and
 * input). Both responses count, so a tool call a policy blocked is still found.
 */
export function searchText(record: CallRecord): string {
  const pieces = new Set<string>();
  const add = (text: string): void => {
    if (text.trim() !== '') pieces.add(text);
  };
  add(record.userText ?? lastUserText(record.originalRequest));
  for (const response of [record.clientResponse, record.upstreamResponse]) addResponse(response, add);
  return [...pieces].join('\n').slice(0, maxSearchTextLength);
}

function addResponse(response: RecordedResponse | undefined, add: (text: string) => void): void {
  for (const block of response?.blocks ?? []) {
    if (block.type === 'text') add(block.text);
    else if (block.type === 'tool-call') add(`${block.name} ${block.inputJson}`);
  }
}
