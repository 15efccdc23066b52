import { describe, expect, it } from 'vitest';
import { ProxyError } from '../../core/proxy-error.js';
import type { RequestMessage } from '../../core/request-view.js';
import { parseAnthropicRequest } from './parse-anthropic-request.js';

const body = {
  model: 'claude-opus-4-8',
  max_tokens: 64000,
  stream: true,
  thinking: { type: 'adaptive' },
  output_config: { effort: 'high' },
  system: [{ type: 'text', text: 'You are an agent.', cache_control: { type: 'ephemeral' } }],
  messages: [
    { role: 'user', content: [{ type: 'text', text: 'list files' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBOR' } }] },
    { role: 'assistant', content: [{ type: 'thinking', thinking: 't', signature: 'sig' }, { type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'ls' } }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'a.txt', cache_control: { type: 'ephemeral' } }] },
    { role: 'system', content: 'Available agent types: …' },
  ],
  tools: [{ name: 'Bash', description: 'Run a command', input_schema: { type: 'object' } }, { type: 'web_search_20250305', name: 'web_search' }],
  future_field: { kept: true },
};

function view() {
  const parsed = parseAnthropicRequest(Buffer.from(JSON.stringify(body, null, 1)), { maxMessages: 100 });
  if (ProxyError.isInstance(parsed)) throw parsed;
  return parsed;
}

describe('AnthropicRequestView', () => {
  it('reads messages as neutral blocks, system entries included', () => {
    const request = view();
    expect(request.model).toBe('claude-opus-4-8');
    expect(request.stream).toBe(true);
    expect(request.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user', 'system']);
    expect(request.messages[0]?.blocks.map((block) => block.type)).toEqual(['text', 'image']);
    expect(request.messages[1]?.blocks.map((block) => block.type)).toEqual(['thinking', 'tool-call']);
    expect(request.messages[2]?.blocks[0]).toMatchObject({ type: 'tool-result', toolCallId: 'toolu_1', content: [{ type: 'text', text: 'a.txt' }] });
    expect(request.tools.map((tool) => [tool.name, tool.kind])).toEqual([['Bash', 'function'], ['web_search', 'web_search_20250305']]);
    expect(request.lastUserText()).toBe('');
    expect(request.system[0]).toMatchObject({ type: 'text', text: 'You are an agent.' });
  });

  it('forwards the exact bytes when nothing changed', () => {
    const request = view();
    expect(request.modified).toBe(false);
    expect(request.toBody().toString()).toBe(JSON.stringify(body, null, 1));
  });

  it('patches narrowly: untouched messages and unknown fields survive', () => {
    const request = view();
    const messages: RequestMessage[] = request.messages.map((message, i) =>
      i === 0
        ? { ...message, blocks: message.blocks.map((block) => (block.type === 'text' ? { ...block, text: 'LIST FILES' } : block)) }
        : message,
    );
    const patched = JSON.parse(request.withMessages(messages).withModel('claude-sonnet-4-6').toBody().toString()) as typeof body;
    expect(patched.model).toBe('claude-sonnet-4-6');
    expect(patched.messages[0]).toEqual({ role: 'user', content: [{ type: 'text', text: 'LIST FILES' }, body.messages[0]?.content[1]] });
    expect(patched.messages.slice(1)).toEqual(body.messages.slice(1));
    expect(patched.future_field).toEqual({ kept: true });
    expect(patched.thinking).toEqual({ type: 'adaptive' });
    expect(request.modified).toBe(false);
  });

  it('keeps string content a string and tool results in Anthropic shape when rewritten', () => {
    const request = view();
    const messages = request.messages.map((message): RequestMessage => ({
      ...message,
      blocks: message.blocks.map((block) =>
        block.type === 'tool-result' ? { ...block, content: [{ type: 'text' as const, text: 'b.txt' }] } : block.type === 'text' ? { ...block, text: block.text.toUpperCase() } : block,
      ),
    }));
    const patched = JSON.parse(request.withMessages(messages).toBody().toString()) as { messages: { content: unknown }[] };
    expect(patched.messages[2]?.content).toEqual([{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'b.txt', cache_control: { type: 'ephemeral' } }]);
    expect(patched.messages[3]?.content).toBe('AVAILABLE AGENT TYPES: …');
  });

  it('names the problem in bad requests', () => {
    const problem = (value: unknown, limit = 100) => {
      const result = parseAnthropicRequest(Buffer.from(JSON.stringify(value)), { maxMessages: limit });
      return ProxyError.isInstance(result) ? `${result.code} ${result.message}` : 'ok';
    };
    expect(problem({ model: 'm', messages: [] })).toMatch(/LUTHIEN_INVALID_REQUEST .*max_tokens: required field is missing/);
    expect(problem({ model: 'm', messages: [{ role: 'user', content: 5 }], max_tokens: 1 })).toMatch(/messages\.0\.content/);
    expect(problem({ model: 'm', messages: [{}, {}], max_tokens: 1 }, 1)).toMatch(/LUTHIEN_TOO_MANY_MESSAGES .*MAX_MESSAGES/);
    expect(problem([1])).toMatch(/must be a JSON object/);
    expect(parseAnthropicRequest(Buffer.from('{"model":'), { maxMessages: 1 })).toMatchObject({ code: 'LUTHIEN_INVALID_JSON' });
  });
});
