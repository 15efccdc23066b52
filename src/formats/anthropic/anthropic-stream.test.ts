import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../core/stream-part.js';
import { everySplit } from '../../../test/helpers/split-bytes.js';
import { AnthropicInvariants } from './anthropic-invariants.js';
import { AnthropicStreamDecoder } from './anthropic-stream-decoder.js';
import { encodeAnthropicEvent } from './encode-anthropic-event.js';
import { foldAnthropicMessage } from './fold-anthropic-message.js';

const fixtureDir = new URL('./__fixtures__/', import.meta.url);
const fixtures = readdirSync(fixtureDir).filter((name) => name.endsWith('.sse'));

function relay(chunks: readonly Uint8Array[]): { text: string; parts: StreamPart[]; leftover: string } {
  const decoder = new AnthropicStreamDecoder();
  const invariants = new AnthropicInvariants();
  const parts: StreamPart[] = [];
  let text = '';
  for (const chunk of chunks) {
    for (const part of decoder.push(chunk)) {
      parts.push(part);
      for (const valid of invariants.apply(part)) text += encodeAnthropicEvent(valid);
    }
  }
  return { text, parts, leftover: decoder.end() };
}

/** Parts without their origins, for comparing what was understood. */
function meaning(parts: readonly StreamPart[]): unknown[] {
  return parts.map(({ origin: _origin, ...rest }) => rest);
}

describe('Anthropic stream decoding and re-encoding', () => {
  it.each(fixtures)('%s passes byte for byte at every chunk boundary', (name) => {
    const bytes = readFileSync(new URL(name, fixtureDir));
    const whole = relay([bytes]);
    expect(whole.text).toBe(bytes.toString('utf8'));
    expect(whole.leftover).toBe('');
    for (const chunks of everySplit(bytes)) {
      const split = relay(chunks);
      expect(split.text).toBe(whole.text);
      expect(meaning(split.parts)).toEqual(meaning(whole.parts));
    }
  });

  it('understands thinking, signatures and tool inputs', () => {
    const thinking = relay([readFileSync(new URL('thinking-signature.sse', fixtureDir))]);
    const message = foldAnthropicMessage(thinking.parts);
    expect(message.content).toEqual([
      {
        type: 'thinking',
        thinking: 'Let me solve this step by step.\n\n1. First break down the problem.',
        signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds+Fe/n6rQWqt3o0GBVGDBQk8o4MIKzRLxrUBzqDHoDv38fBNyeoCzQ==',
      },
      { type: 'text', text: 'The answer is 42.' },
    ]);

    const tools = foldAnthropicMessage(relay([readFileSync(new URL('tool-use.sse', fixtureDir))]).parts);
    expect(tools.stop_reason).toBe('tool_use');
    expect(tools.content).toEqual([
      { type: 'text', text: "I'll check the weather." },
      { type: 'tool_use', id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather', input: { location: 'San Francisco, CA', unit: '°F' } },
      { type: 'tool_use', id: 'toolu_01Bash000000000000000000', name: 'Bash', input: { command: 'ls -la' } },
    ]);
  });

  it('keeps server tool blocks, citations and unknown events', () => {
    const server = relay([readFileSync(new URL('server-tool.sse', fixtureDir))]);
    const message = foldAnthropicMessage(server.parts);
    const content = message.content as Record<string, unknown>[];
    expect(content.map((block) => block.type)).toEqual(['server_tool_use', 'web_search_tool_result', 'text']);
    expect(content[0]?.input).toEqual({ query: 'weather NYC' });
    expect(content[2]?.citations).toHaveLength(1);

    const unknown = relay([readFileSync(new URL('unknown-event.sse', fixtureDir))]);
    expect(unknown.parts.flatMap((part) => (part.type === 'passthrough' ? [part.event] : []))).toEqual([
      'luthien_future_event',
      'content_block_delta',
      '',
    ]);
  });
});
