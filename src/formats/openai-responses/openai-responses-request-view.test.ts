import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../core/json.js';
import { ProxyError } from '../../core/proxy-error.js';
import type { RequestMessage } from '../../core/request-view.js';
import { openaiResponsesIdentity } from './openai-responses-identity.js';
import { parseOpenAIResponsesRequest } from './parse-openai-responses-request.js';

const exec = { type: 'function', name: 'exec_command', strict: false, parameters: { type: 'object', properties: { cmd: { type: 'string' } }, required: ['cmd'] } };

/** Codex with a model outside its catalog: top-level tools, a function call and its string output. */
const codexFunctionShape = {
  model: 'gpt-5-codex',
  stream: true,
  store: false,
  tool_choice: 'auto',
  parallel_tool_calls: true,
  reasoning: { summary: 'auto' },
  include: ['reasoning.encrypted_content'],
  prompt_cache_key: '019ac1d2-6f3e-7c10-9b7a-4c2e5d8f1a20',
  client_metadata: { session_id: '019ac1d2-6f3e-7c10-9b7a-4c2e5d8f1a20', turn_id: 't1' },
  input: [
    { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'You are a coding agent running in the Codex CLI.' }] },
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: '<environment_context>…</environment_context>' }] },
    {
      type: 'message',
      id: 'msg_u1',
      role: 'user',
      content: [
        { type: 'input_text', text: 'list files' },
        { type: 'input_image', image_url: 'data:image/png;base64,iVBOR' },
        { type: 'input_file', filename: 'spec.pdf', file_data: 'data:application/pdf;base64,JVBER' },
      ],
    },
    { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'List with ls.' }], encrypted_content: 'gAAAAAB1' },
    { type: 'reasoning', id: 'rs_2', summary: [], encrypted_content: 'gAAAAAB2' },
    { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'exec_command', arguments: '{"cmd":"ls"}', status: 'completed' },
    { type: 'function_call_output', id: 'fco_1', call_id: 'call_1', output: 'Chunk ID: 1\nProcess exited with code 0\nOutput:\na.txt\n' },
    { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'There is a.txt.' }] },
    { role: 'user', content: 'thanks' },
  ],
  tools: [
    exec,
    { type: 'namespace', name: 'multi_agent_v1', description: 'Agents', tools: [{ type: 'function', name: 'spawn_agent', parameters: { type: 'object' } }] },
    { type: 'web_search', external_web_access: false },
  ],
};

/** Codex with a catalog model: tools in an `additional_tools` item, a custom tool call and its array output. */
const codexCustomShape = {
  model: 'gpt-6.1-sol',
  stream: true,
  store: false,
  reasoning: { effort: 'low', context: 'all_turns' },
  text: { verbosity: 'low' },
  input: [
    {
      type: 'additional_tools',
      id: 'at_1',
      role: 'developer',
      tools: [
        {
          type: 'namespace',
          name: 'functions',
          tools: [
            { type: 'custom', name: 'exec', description: 'Run JavaScript', format: { type: 'grammar', syntax: 'lark', definition: 'start: /.+/' } },
            { type: 'function', name: 'wait', parameters: { type: 'object' } },
          ],
        },
        { type: 'namespace', name: 'clock', tools: [{ type: 'function', name: 'sleep', parameters: { type: 'object' } }] },
      ],
    },
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'show package.json' }] },
    { type: 'custom_tool_call', id: 'ctc_1', call_id: 'call_9', name: 'exec', input: 'const r = await tools.exec_command({ cmd: "cat package.json" });\ntext(r);', status: 'completed' },
    {
      type: 'custom_tool_call_output',
      call_id: 'call_9',
      output: [
        { type: 'input_text', text: 'Script completed\nWall time 0.5 seconds\nOutput:\n' },
        { type: 'input_text', text: '{"exit_code":0,"output":"tool-output-42\\n"}' },
      ],
    },
  ],
};

function view(body: JsonObject, spacing = 1) {
  const parsed = parseOpenAIResponsesRequest(Buffer.from(JSON.stringify(body, null, spacing)), { maxMessages: 100 });
  if (ProxyError.isInstance(parsed)) throw parsed;
  return parsed;
}

describe('OpenAIResponsesRequestView', () => {
  it('reads input items as neutral messages', () => {
    const request = view(codexFunctionShape);
    expect(request.model).toBe('gpt-5-codex');
    expect(request.stream).toBe(true);
    expect(request.system).toEqual([]);
    expect(request.messages.map((message) => message.role)).toEqual(['developer', 'user', 'user', 'assistant', 'assistant', 'assistant', 'tool', 'assistant', 'user']);
    expect(request.messages[2]?.blocks).toMatchObject([
      { type: 'text', text: 'list files' },
      { type: 'image', sourceType: 'base64', mediaType: 'image/png' },
      { type: 'document', sourceType: 'base64', mediaType: 'application/pdf', title: 'spec.pdf' },
    ]);
    expect(request.messages[3]?.blocks).toMatchObject([{ type: 'thinking', thinking: 'List with ls.' }]);
    expect(request.messages[4]?.blocks).toMatchObject([{ type: 'redacted-thinking' }]);
    expect(request.messages[5]?.blocks).toMatchObject([{ type: 'tool-call', id: 'call_1', name: 'exec_command', input: { cmd: 'ls' } }]);
    expect(request.messages[6]?.blocks).toMatchObject([
      { type: 'tool-result', toolCallId: 'call_1', isError: false, content: [{ type: 'text', text: 'Chunk ID: 1\nProcess exited with code 0\nOutput:\na.txt\n' }] },
    ]);
    expect(request.lastUserText()).toBe('thanks');
    expect(openaiResponsesIdentity(request.body).sessionId).toBe('019ac1d2-6f3e-7c10-9b7a-4c2e5d8f1a20');
  });

  it('lists top-level tools, namespaces with their tools, and server tools', () => {
    expect(view(codexFunctionShape).tools.map((tool) => [tool.name, tool.kind])).toEqual([
      ['exec_command', 'function'],
      ['multi_agent_v1', 'namespace'],
      ['spawn_agent', 'function'],
      ['web_search', 'web_search'],
    ]);
    expect(view(codexFunctionShape).tools[0]?.inputSchema).toEqual(exec.parameters);
  });

  it('reads the catalog shape: tools in additional_tools, custom calls with raw input and array outputs', () => {
    const request = view(codexCustomShape);
    expect(request.tools.map((tool) => [tool.name, tool.kind])).toEqual([
      ['functions', 'namespace'],
      ['exec', 'custom'],
      ['wait', 'function'],
      ['clock', 'namespace'],
      ['sleep', 'function'],
    ]);
    expect(request.messages.map((message) => [message.role, message.blocks.map((block) => block.type)])).toEqual([
      ['developer', ['opaque']],
      ['user', ['text']],
      ['assistant', ['tool-call']],
      ['tool', ['tool-result']],
    ]);
    expect(request.messages[2]?.blocks[0]).toMatchObject({ type: 'tool-call', id: 'call_9', name: 'exec', input: codexCustomShape.input[2]?.input });
    expect(request.messages[3]?.blocks[0]).toMatchObject({
      type: 'tool-result',
      toolCallId: 'call_9',
      content: [
        { type: 'text', text: 'Script completed\nWall time 0.5 seconds\nOutput:\n' },
        { type: 'text', text: '{"exit_code":0,"output":"tool-output-42\\n"}' },
      ],
    });
    expect(request.lastUserText()).toBe('show package.json');
  });

  it('forwards the exact bytes when nothing changed', () => {
    for (const body of [codexFunctionShape, codexCustomShape]) {
      const request = view(body, 3);
      expect(request.modified).toBe(false);
      expect(request.toBody().toString()).toBe(JSON.stringify(body, null, 3));
      // Writing back the very messages it read changes nothing either.
      expect(JSON.parse(request.withMessages(request.messages).toBody().toString())).toEqual(body);
    }
  });

  it('patches narrowly: untouched items and unknown fields survive', () => {
    const request = view(codexFunctionShape);
    const messages = request.messages.map((message, i): RequestMessage =>
      i === 2 ? { ...message, blocks: message.blocks.map((block) => (block.type === 'text' ? { ...block, text: 'LIST FILES' } : block)) } : message,
    );
    const patched = JSON.parse(request.withMessages(messages).withModel('gpt-5.5').toBody().toString()) as typeof codexFunctionShape;
    expect(patched.model).toBe('gpt-5.5');
    expect(patched.input[2]).toEqual({ ...codexFunctionShape.input[2], content: [{ type: 'input_text', text: 'LIST FILES' }, ...(codexFunctionShape.input[2]?.content as unknown[]).slice(1)] });
    expect(patched.input.filter((_, i) => i !== 2)).toEqual(codexFunctionShape.input.filter((_, i) => i !== 2));
    expect(Object.keys(patched)).toEqual(Object.keys(codexFunctionShape));
    expect(patched.client_metadata).toEqual(codexFunctionShape.client_metadata);
    expect(request.modified).toBe(false);
  });

  it('rewrites tool calls and tool outputs in their own shapes', () => {
    const request = view(codexFunctionShape);
    const messages = request.messages.map((message): RequestMessage => ({
      ...message,
      blocks: message.blocks.map((block) => {
        if (block.type === 'tool-call') return { ...block, input: { cmd: 'ls -la' } };
        if (block.type === 'tool-result') return { ...block, content: [{ type: 'text' as const, text: '[redacted]' }] };
        if (block.type === 'text' && message.role === 'user') return { ...block, text: block.text.toUpperCase() };
        return block;
      }),
    }));
    const patched = JSON.parse(request.withMessages(messages).toBody().toString()) as { input: JsonObject[] };
    expect(patched.input[5]).toEqual({ ...codexFunctionShape.input[5], arguments: '{"cmd":"ls -la"}' });
    expect(patched.input[6]).toEqual({ ...codexFunctionShape.input[6], output: '[redacted]' });
    expect(patched.input[8]).toEqual({ role: 'user', content: 'THANKS' });

    const custom = view(codexCustomShape);
    const rewritten = custom.messages.map((message): RequestMessage => ({
      ...message,
      blocks: message.blocks.map((block) =>
        block.type === 'tool-result' ? { ...block, content: block.content.map((part) => (part.type === 'text' ? { ...part, text: part.text.replace('tool-output-42', 'hidden') } : part)) } : block,
      ),
    }));
    const customPatched = JSON.parse(custom.withMessages(rewritten).toBody().toString()) as { input: JsonObject[] };
    expect(customPatched.input[3]).toEqual({
      ...codexCustomShape.input[3],
      output: [codexCustomShape.input[3]?.output?.[0], { type: 'input_text', text: '{"exit_code":0,"output":"hidden\\n"}' }],
    });
    expect(customPatched.input[0]).toEqual(codexCustomShape.input[0]);
  });

  it('writes new messages as the items the API expects', () => {
    const request = view(codexCustomShape);
    const patched = request.withMessages([
      ...request.messages,
      {
        role: 'assistant',
        blocks: [
          { type: 'text', text: 'Running it again.' },
          { type: 'tool-call', id: 'call_10', name: 'exec', input: 'text(1);' },
          { type: 'tool-call', id: 'call_11', name: 'wait', input: { ms: 5 } },
        ],
      },
      { role: 'tool', blocks: [{ type: 'tool-result', toolCallId: 'call_9', content: [{ type: 'text', text: 'again' }], isError: false }] },
      { role: 'tool', blocks: [{ type: 'tool-result', toolCallId: 'call_10', content: [{ type: 'text', text: '1' }], isError: false }] },
      { role: 'system', blocks: [{ type: 'text', text: 'Be brief.' }] },
    ]);
    expect((JSON.parse(patched.toBody().toString()) as { input: JsonObject[] }).input.slice(4)).toEqual([
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Running it again.' }] },
      { type: 'custom_tool_call', call_id: 'call_10', name: 'exec', input: 'text(1);' },
      { type: 'function_call', call_id: 'call_11', name: 'wait', arguments: '{"ms":5}' },
      { type: 'custom_tool_call_output', call_id: 'call_9', output: 'again' },
      { type: 'custom_tool_call_output', call_id: 'call_10', output: '1' },
      { type: 'message', role: 'system', content: [{ type: 'input_text', text: 'Be brief.' }] },
    ]);
  });

  it('reads a string input as one user message and instructions as the system prompt', () => {
    const request = view({ model: 'gpt-5.5', instructions: 'Answer in French.', input: 'hello', max_output_tokens: 50 });
    expect(request.system).toEqual([{ type: 'text', text: 'Answer in French.' }]);
    expect(request.messages).toEqual([{ role: 'user', blocks: [{ type: 'text', text: 'hello' }] }]);
    expect(request.lastUserText()).toBe('hello');
    expect(JSON.parse(request.withMessages(request.messages).toBody().toString())).toMatchObject({ input: 'hello' });
    const changed = request
      .withMessages([{ role: 'user', blocks: [{ type: 'text', text: 'HELLO' }] }])
      .withSystem([{ type: 'text', text: 'Answer in German.' }, { type: 'text', text: 'Be brief.' }]);
    expect(JSON.parse(changed.toBody().toString())).toEqual({ model: 'gpt-5.5', instructions: 'Answer in German.\n\nBe brief.', input: 'HELLO', max_output_tokens: 50 });
    expect(JSON.parse(changed.withSystem([]).toBody().toString())).not.toHaveProperty('instructions');
  });

  it('names the problem in bad requests', () => {
    const problem = (value: unknown, limit = 100) => {
      const result = parseOpenAIResponsesRequest(Buffer.from(JSON.stringify(value)), { maxMessages: limit });
      return ProxyError.isInstance(result) ? `${result.code} ${result.message}` : 'ok';
    };
    expect(problem({ input: 'hi' })).toMatch(/LUTHIEN_INVALID_REQUEST .*model: required field is missing/);
    expect(problem({ model: 'm', input: 5 })).toMatch(/input:/);
    expect(problem({ model: 'm', input: [{ type: 'message', role: 'user', content: 7 }] })).toMatch(/input\.0\.content/);
    expect(problem({ model: 'm', input: [{ type: 'function_call_output', call_id: 'c', output: 3 }] })).toMatch(/input\.0\.output/);
    expect(problem({ model: 'm', input: 'hi', tools: [{ name: 'x' }] })).toMatch(/tools\.0\.type/);
    expect(problem({ model: 'm', input: [{}, {}] }, 1)).toMatch(/LUTHIEN_TOO_MANY_MESSAGES .*2 input items.*MAX_MESSAGES/);
    expect(problem([1])).toMatch(/must be a JSON object/);
    expect(problem(codexCustomShape)).toBe('ok');
    expect(parseOpenAIResponsesRequest(Buffer.from('{"model":'), { maxMessages: 1 })).toMatchObject({ code: 'LUTHIEN_INVALID_JSON' });
  });
});
