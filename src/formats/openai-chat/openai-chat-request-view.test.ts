import { describe, expect, it } from 'vitest';
import { ProxyError } from '../../core/proxy-error.js';
import type { RequestBlock, RequestMessage } from '../../core/request-view.js';
import { parseOpenAIChatRequest } from './parse-openai-chat-request.js';

const body = {
  model: 'gpt-5.4',
  stream: true,
  stream_options: { include_usage: true },
  reasoning_effort: 'high',
  verbosity: 'low',
  response_format: { type: 'text' },
  tool_choice: 'auto',
  parallel_tool_calls: true,
  n: 1,
  logprobs: false,
  messages: [
    { role: 'developer', content: 'You are a coding agent.' },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'What is in these?' },
        { type: 'image_url', image_url: { url: 'https://example.com/cat.png', detail: 'high' } },
        { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4AAQ' } },
        { type: 'file', file: { filename: 'spec.pdf', file_data: 'data:application/pdf;base64,JVBERi0x' } },
        { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
      ],
    },
    {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'Bash', arguments: '{"command":  "ls"}' } }],
    },
    { role: 'tool', tool_call_id: 'call_1', content: 'a.txt\nb.txt' },
    { role: 'user', content: 'list files' },
  ],
  tools: [
    { type: 'function', function: { name: 'Bash', description: 'Run a command', parameters: { type: 'object' }, strict: true } },
    { type: 'custom', custom: { name: 'sql', description: 'Run SQL', format: { type: 'text' } } },
  ],
  future_field: { kept: true },
};

function view(value: unknown = body) {
  const parsed = parseOpenAIChatRequest(Buffer.from(JSON.stringify(value, null, 1)), { maxMessages: 100 });
  if (ProxyError.isInstance(parsed)) throw parsed;
  return parsed;
}

const patchedBody = (request: ReturnType<typeof view>, messages: readonly RequestMessage[]) =>
  JSON.parse(request.withMessages(messages).toBody().toString()) as { messages: Record<string, unknown>[] };

describe('OpenAIChatRequestView', () => {
  it('reads system and developer messages in messages, and tool traffic as blocks', () => {
    const request = view();
    expect(request.format).toBe('openai-chat');
    expect(request.model).toBe('gpt-5.4');
    expect(request.stream).toBe(true);
    expect(request.system).toEqual([]);
    expect(request.messages.map((message) => message.role)).toEqual(['developer', 'user', 'assistant', 'tool', 'user']);
    expect(request.messages[1]?.blocks.map((block) => block.type)).toEqual(['text', 'image', 'image', 'document', 'opaque']);
    expect(request.messages[1]?.blocks[1]).toMatchObject({ sourceType: 'url' });
    expect(request.messages[1]?.blocks[2]).toMatchObject({ sourceType: 'base64', mediaType: 'image/jpeg' });
    expect(request.messages[1]?.blocks[3]).toMatchObject({ sourceType: 'base64', mediaType: 'application/pdf', title: 'spec.pdf' });
    expect(request.messages[2]?.blocks).toMatchObject([{ type: 'tool-call', id: 'call_1', name: 'Bash', input: { command: 'ls' } }]);
    expect(request.messages[3]?.blocks).toMatchObject([{ type: 'tool-result', toolCallId: 'call_1', content: [{ type: 'text', text: 'a.txt\nb.txt' }], isError: false }]);
    expect(request.tools.map((tool) => [tool.name, tool.kind, tool.description])).toEqual([
      ['Bash', 'function', 'Run a command'],
      ['sql', 'custom', 'Run SQL'],
    ]);
    expect(request.tools[0]?.inputSchema).toEqual({ type: 'object' });
    expect(request.lastUserText()).toBe('list files');
  });

  it('forwards the exact bytes when nothing changed', () => {
    const request = view();
    expect(request.modified).toBe(false);
    expect(request.toBody().toString()).toBe(JSON.stringify(body, null, 1));
  });

  it('patches narrowly: untouched messages and unknown fields survive', () => {
    const request = view();
    const messages = request.messages.map((message, i) =>
      i === 1 ? { ...message, blocks: message.blocks.map((block) => (block.type === 'text' ? { ...block, text: 'WHAT IS IN THESE?' } : block)) } : message,
    );
    const patched = JSON.parse(request.withMessages(messages).withModel('gpt-5.4-mini').toBody().toString()) as typeof body;
    expect(patched.model).toBe('gpt-5.4-mini');
    expect(patched.messages[1]).toEqual({ ...body.messages[1], content: [{ type: 'text', text: 'WHAT IS IN THESE?' }, ...(body.messages[1]?.content as unknown[]).slice(1)] });
    expect(patched.messages.filter((_, i) => i !== 1)).toEqual(body.messages.filter((_, i) => i !== 1));
    const { model: _model, messages: _messages, ...rest } = patched;
    const { model: _m, messages: _ms, ...expected } = body;
    expect(rest).toEqual(expected);
    expect(request.modified).toBe(false);
  });

  it('writes changed messages back in Chat Completions shape', () => {
    const request = view();
    const upper = (block: RequestBlock): RequestBlock => (block.type === 'text' ? { ...block, text: block.text.toUpperCase() } : block);
    const messages = request.messages.map((message): RequestMessage => ({
      ...message,
      blocks: message.blocks.map((block) => (block.type === 'tool-result' ? { ...block, content: block.content.map(upper) } : upper(block))),
    }));
    const patched = patchedBody(request, messages);
    expect(patched.messages[0]).toEqual({ role: 'developer', content: 'YOU ARE A CODING AGENT.' });
    // The tool call itself is unchanged: its arguments keep their original text.
    expect(patched.messages[2]).toEqual(body.messages[2]);
    expect(patched.messages[3]).toEqual({ role: 'tool', tool_call_id: 'call_1', content: 'A.TXT\nB.TXT' });
    expect(patched.messages[4]).toEqual({ role: 'user', content: 'LIST FILES' });
  });

  it('rewrites a tool call whose input a policy changed, and removes one it dropped', () => {
    const request = view();
    const messages = request.messages.map((message): RequestMessage =>
      message.role === 'assistant' ? { ...message, blocks: message.blocks.map((block) => (block.type === 'tool-call' ? { ...block, input: { command: 'pwd' } } : block)) } : message,
    );
    expect(patchedBody(request, messages).messages[2]).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'Bash', arguments: '{"command":"pwd"}' } }],
    });
    const dropped = request.messages.map((message): RequestMessage => (message.role === 'assistant' ? { ...message, blocks: [{ type: 'text', text: 'No tools.' }] } : message));
    expect(patchedBody(request, dropped).messages[2]).toEqual({ role: 'assistant', content: 'No tools.' });
  });

  it('adds a system instruction in front, in the role the client uses, keeping its own', () => {
    const request = view();
    const patched = JSON.parse(request.withSystem([...request.system, { type: 'text', text: 'Never run rm.' }]).toBody().toString()) as typeof body;
    expect(patched.messages[0]).toEqual({ role: 'developer', content: 'Never run rm.' });
    expect(patched.messages.slice(1)).toEqual(body.messages);
    expect(view({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }).withSystem([{ type: 'text', text: 'Be brief.' }]).body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'hi' },
    ]);
    expect(request.withSystem([])).toBe(request);
  });

  it('reads the deprecated functions API', () => {
    const request = view({
      model: 'gpt-3.5-turbo-0613',
      functions: [{ name: 'get_weather', parameters: { type: 'object' } }],
      messages: [
        { role: 'assistant', content: null, function_call: { name: 'get_weather', arguments: '{"city":"Oslo"}' } },
        { role: 'function', name: 'get_weather', content: '{"temp":3}' },
      ],
    });
    expect(request.tools.map((tool) => [tool.name, tool.kind])).toEqual([['get_weather', 'function']]);
    expect(request.messages[0]?.blocks).toMatchObject([{ type: 'tool-call', name: 'get_weather', input: { city: 'Oslo' } }]);
    expect(request.messages[1]).toMatchObject({ role: 'tool', blocks: [{ type: 'tool-result', toolCallId: 'get_weather' }] });
    const messages = request.messages.map((message): RequestMessage => ({ ...message, blocks: message.blocks.map((block) => (block.type === 'tool-call' ? { ...block, input: { city: 'Bergen' } } : block)) }));
    expect(patchedBody(request, messages).messages).toEqual([
      { role: 'assistant', content: null, function_call: { name: 'get_weather', arguments: '{"city":"Bergen"}' } },
      { role: 'function', name: 'get_weather', content: '{"temp":3}' },
    ]);
  });

  it('names the problem in bad requests, and needs no max_tokens', () => {
    const problem = (value: unknown, limit = 100) => {
      const result = parseOpenAIChatRequest(Buffer.from(JSON.stringify(value)), { maxMessages: limit });
      return ProxyError.isInstance(result) ? `${result.code} ${result.message}` : 'ok';
    };
    expect(problem({ model: 'm', messages: [{ role: 'user', content: 'hi' }] })).toBe('ok');
    expect(problem({ model: 'm', messages: [{ role: 'assistant', content: null, tool_calls: [] }] })).toBe('ok');
    expect(problem({ messages: [] })).toMatch(/LUTHIEN_INVALID_REQUEST .*model: required field is missing/);
    expect(problem({ model: 'm', messages: [{ role: 'user', content: 5 }] })).toMatch(/messages\.0\.content/);
    expect(problem({ model: 'm', messages: [{ content: 'x' }] })).toMatch(/messages\.0\.role/);
    expect(problem({ model: 'm', messages: [], tools: [{ function: {} }] })).toMatch(/tools\.0\.type/);
    expect(problem({ model: 'm', messages: [{}, {}] }, 1)).toMatch(/LUTHIEN_TOO_MANY_MESSAGES .*MAX_MESSAGES/);
    expect(problem([1])).toMatch(/must be a JSON object/);
    expect(parseOpenAIChatRequest(Buffer.from('{"model":'), { maxMessages: 1 })).toMatchObject({ code: 'LUTHIEN_INVALID_JSON' });
  });
});
