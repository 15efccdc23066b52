import type { RequestEntry } from './request-entries.js';
import { turnBlockFromRequest } from './turn-blocks.js';
import type { ToolResult, TurnBlock, TurnMessage } from './turn.js';

/**
 * The entries a request adds after the first `depth` keyed entries (the history already seen). The
 * assistant's unkeyed blocks right at the start are the previous answer's thinking coming back (its
 * keyed text and tool calls were matched, or it had none): they were shown with that answer.
 */
export function entriesAfter(entries: readonly RequestEntry[], depth: number): RequestEntry[] {
  let start = 0;
  let keyed = 0;
  while (keyed < depth && start < entries.length) {
    if (entries[start]?.key !== undefined) keyed++;
    start++;
  }
  while (start < entries.length && entries[start]?.role === 'assistant' && entries[start]?.key === undefined) start++;
  return entries.slice(start);
}

export interface ResultSink {
  /** Takes a tool result for the tool call it answers; false when that call is not waiting for it. */
  attach(toolCallId: string, result: ToolResult): boolean;
  /** The name of a tool call seen earlier in the session, for a result that could not be attached. */
  toolName(toolCallId: string): string | null;
}

/** New entries as messages (the request's own message boundaries), tool results handed to the calls they answer. */
export function inputMessages(entries: readonly RequestEntry[], callId: string, sink: ResultSink): TurnMessage[] {
  const messages: { role: TurnMessage['role']; message: number; blocks: TurnBlock[] }[] = [];
  for (const entry of entries) {
    const block = turnBlockFromRequest(entry.block);
    let kept: TurnBlock | undefined = block;
    if (block.type === 'tool-result') {
      const attached = sink.attach(block.toolCallId, { callId, isError: block.isError, content: block.content });
      kept = attached ? undefined : { ...block, toolName: sink.toolName(block.toolCallId) };
    }
    if (kept === undefined) continue;
    const last = messages.at(-1);
    if (last?.message === entry.message) last.blocks.push(kept);
    else messages.push({ role: entry.role, message: entry.message, blocks: [kept] });
  }
  return messages.map(({ role, blocks }) => ({ role, blocks }));
}
