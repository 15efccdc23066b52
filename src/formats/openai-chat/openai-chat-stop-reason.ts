import type { StopReason } from '../../core/stop-reason.js';

const fromWire: Readonly<Record<string, StopReason>> = {
  stop: 'end-turn',
  length: 'max-tokens',
  tool_calls: 'tool-use',
  // The deprecated `functions` API: still a tool call in neutral terms.
  function_call: 'tool-use',
  content_filter: 'content-filter',
};

/** @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-choices */
export function stopReasonFromOpenAI(value: unknown): StopReason | null {
  if (typeof value !== 'string') return null;
  return fromWire[value] ?? `other:${value}`;
}

/**
 * The `finish_reason` for a neutral stop reason. When the part came from the wire and still means the
 * same (`function_call` and `tool_calls` are both `tool-use`), the original value is kept.
 */
export function stopReasonToOpenAI(reason: StopReason | null, original?: unknown): string | null {
  if (typeof original === 'string' && stopReasonFromOpenAI(original) === reason) return original;
  switch (reason) {
    case null:
      return null;
    // Chat Completions has no pause; the turn simply ends.
    case 'end-turn':
    case 'stop-sequence':
    case 'pause-turn':
      return 'stop';
    case 'max-tokens':
      return 'length';
    case 'tool-use':
      return 'tool_calls';
    // A refusal is the nearest thing to a filtered answer Chat Completions can say.
    case 'refusal':
    case 'content-filter':
      return 'content_filter';
    default:
      return reason.slice('other:'.length);
  }
}
