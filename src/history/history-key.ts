import { createHash } from 'node:crypto';
import type { RecordedBlock } from '../core/call-record.js';
import type { RequestBlock, RequestRole } from '../core/request-view.js';
import { jsonText } from './json-text.js';

/**
 * The identity of a block of conversation history, for recognising the part of a request the session
 * has already seen. Keys are deliberately loose where clients rewrite history on their own:
 *
 * - text is compared trimmed, and `cache_control` and other block options are ignored (Claude Code
 *   moves its cache breakpoint every turn);
 * - a tool call is its id, a tool result the id it answers, never its content (Claude Code clears old
 *   tool results to save context, which must not look like a new conversation);
 * - thinking, redacted thinking and blocks we do not read have no key: clients drop or re-encrypt
 *   them, and nobody types them as new input.
 *
 * The message boundaries do not matter either (keys are per block): Responses clients resend an
 * answer as one item per block, Anthropic clients as one message.
 */
export function requestBlockKey(role: RequestRole, block: RequestBlock): string | undefined {
  const side = role === 'assistant' ? 'a' : role === 'system' || role === 'developer' ? 's' : 'u';
  switch (block.type) {
    case 'text':
      return textKey(side, block.text);
    case 'image':
    case 'document':
      return `${side}m${digest(block.origin === undefined ? `${block.mediaType ?? ''}/${block.sourceType}` : JSON.stringify(withoutOptions(block.origin.data)))}`;
    case 'tool-call':
      return toolCallKey(block.id, block.name, block.input);
    case 'tool-result':
      return `r${block.toolCallId}`;
    case 'thinking':
    case 'redacted-thinking':
    case 'opaque':
      return undefined;
  }
}

/** The key a response block has once the client sends it back as history. */
export function recordedBlockKey(block: RecordedBlock): string | undefined {
  switch (block.type) {
    case 'text':
      return textKey('a', block.text);
    case 'tool-call':
      return toolCallKey(block.id, block.name, block.input);
    default:
      return undefined;
  }
}

function textKey(side: string, text: string): string | undefined {
  const trimmed = text.trim();
  return trimmed === '' ? undefined : `${side}t${digest(trimmed)}`;
}

function toolCallKey(id: string, name: string, input: unknown): string {
  return id === '' ? `c#${digest(`${name}\n${jsonText(input)}`)}` : `c${id}`;
}

/** Block options that a client may add or move without changing the content. */
function withoutOptions(data: object): object {
  const { cache_control: _cache, ...rest } = data as Record<string, unknown>;
  return rest;
}

/** 96 bits of SHA-1: plenty to tell a session's blocks apart, and short to keep in memory. */
function digest(text: string): string {
  return createHash('sha1').update(text).digest('base64url').slice(0, 16);
}
