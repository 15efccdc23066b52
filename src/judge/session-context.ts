import type { RequestBlock, RequestMessage } from '../core/request-view.js';

export interface SessionContextOptions {
  /** Rough budget for the whole context, in tokens (4 characters each). */
  readonly maxTokens: number;
  /** Longest single entry, in characters; longer ones are cut with a marker. */
  readonly maxEntryChars?: number;
}

const CHARS_PER_TOKEN = 4;
/** Claude Code fills user turns with reminders about its own state: noise to a judge. */
const SYSTEM_REMINDER = /<system-reminder>[\s\S]*?<\/system-reminder>/g;

/** Text without Claude Code's `<system-reminder>` blocks, trimmed. */
export function withoutSystemReminders(text: string): string {
  return text.replace(SYSTEM_REMINDER, '').trim();
}

/**
 * The recent conversation as a judge should read it: user turns, assistant text, tool calls with their
 * inputs and tool results, newest kept first and rendered oldest first, cut to a token budget. The
 * system prompt and tool definitions are left out (they are long and say nothing about what happened).
 * Returns '' when there is nothing (a first turn).
 */
export function sessionContext(messages: readonly RequestMessage[], options: SessionContextOptions): string {
  const maxChars = options.maxTokens * CHARS_PER_TOKEN;
  const maxEntry = options.maxEntryChars ?? 2000;
  const toolNames = new Map<string, string>();
  for (const message of messages) for (const block of message.blocks) if (block.type === 'tool-call') toolNames.set(block.id, block.name);

  const kept: string[] = [];
  let used = 0;
  for (let m = messages.length - 1; m >= 0; m--) {
    const message = messages[m] as RequestMessage;
    if (message.role === 'system' || message.role === 'developer') continue;
    const entries = message.blocks.flatMap((block) => renderBlock(message.role, block, toolNames, maxEntry));
    for (let e = entries.length - 1; e >= 0; e--) {
      const entry = entries[e] as string;
      if (used + entry.length + 1 > maxChars) return finish(kept, true);
      kept.push(entry);
      used += entry.length + 1;
    }
  }
  return finish(kept, false);
}

function finish(newestFirst: string[], cut: boolean): string {
  const lines = newestFirst.reverse();
  if (cut && lines.length > 0) lines.unshift('[earlier conversation omitted]');
  return lines.join('\n');
}

function renderBlock(role: RequestMessage['role'], block: RequestBlock, toolNames: ReadonlyMap<string, string>, maxEntry: number): string[] {
  const speaker = role === 'assistant' ? 'Assistant' : role === 'tool' ? 'Tool' : 'User';
  switch (block.type) {
    case 'text': {
      const text = withoutSystemReminders(block.text);
      return text === '' ? [] : [`${speaker}: ${clip(text, maxEntry)}`];
    }
    case 'tool-call':
      // A custom tool's input is free text (a patch, a script): quoted as written, not as a JSON string.
      return [`Assistant called ${block.name} ${clip(typeof block.input === 'string' ? block.input.trimEnd() : JSON.stringify(block.input ?? null), maxEntry)}`];
    case 'tool-result': {
      const text = block.content.flatMap((inner) => (inner.type === 'text' ? [inner.text] : inner.type === 'image' ? ['[image]'] : [])).join('\n');
      const name = toolNames.get(block.toolCallId) ?? 'a tool';
      return [`Result of ${name}${block.isError ? ' (error)' : ''}: ${clip(text.trim(), maxEntry)}`];
    }
    case 'image':
      return [`${speaker}: [image${block.mediaType === undefined ? '' : ` ${block.mediaType}`}]`];
    case 'document':
      return [`${speaker}: [document${block.title === undefined ? '' : ` “${block.title}”`}]`];
    default:
      return [];
  }
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)} [… ${text.length - max} more characters]`;
}
