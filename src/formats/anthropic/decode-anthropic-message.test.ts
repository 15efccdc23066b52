import { describe, expect, it } from 'vitest';
import { modifyPart, type StreamPart } from '../../core/stream-part.js';
import { AnthropicInvariants } from './anthropic-invariants.js';
import { decodeAnthropicMessage } from './decode-anthropic-message.js';
import { foldAnthropicMessage } from './fold-anthropic-message.js';

const message = {
  id: 'msg_1',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-6',
  content: [
    { type: 'thinking', thinking: 'hmm', signature: 'c2ln' },
    { type: 'redacted_thinking', data: 'b3BhcXVl' },
    { type: 'text', text: 'See', citations: [{ type: 'char_location', cited_text: 'x' }] },
    { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'q' } },
    { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [] },
    { type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'ls', nested: { a: [1, 2] } } },
  ],
  stop_reason: 'tool_use',
  stop_sequence: null,
  usage: { input_tokens: 10, cache_read_input_tokens: 4, output_tokens: 20, service_tier: 'standard' },
  container: null,
};

function fold(parts: readonly StreamPart[]) {
  const invariants = new AnthropicInvariants();
  return foldAnthropicMessage(parts.flatMap((part) => invariants.apply(part)));
}

describe('non-streaming Anthropic responses as parts', () => {
  it('fold back to the same message', () => {
    expect(fold(decodeAnthropicMessage(message))).toEqual(message);
  });

  it('apply a text change and keep everything else', () => {
    const parts = decodeAnthropicMessage(message).map((part) => (part.type === 'text-delta' ? modifyPart(part, { text: part.text.toUpperCase() }) : part));
    const folded = fold(parts);
    expect((folded.content as { text?: string }[])[2]?.text).toBe('SEE');
    expect({ ...folded, content: null }).toEqual({ ...message, content: null });
  });
});
