import type { JsonObject } from '../../core/json.js';
import { ProxyError } from '../../core/proxy-error.js';
import type { RequestView } from '../../core/request-view.js';
import type { WireFormat } from '../../core/wire-format.js';
import { codecForFormat } from '../../history/codec-for-format.js';

const MODELS: Readonly<Record<WireFormat, string>> = { anthropic: 'claude-sonnet-4-6', 'openai-chat': 'gpt-5', 'openai-responses': 'gpt-5' };

/** A request body of `format` asking `prompt`, with one function tool (`exec_command`) on offer. */
export function promptBody(format: WireFormat, prompt: string, stream: boolean): JsonObject {
  const schema = { type: 'object', properties: { cmd: { type: 'string' } }, required: ['cmd'] };
  switch (format) {
    case 'anthropic':
      return { model: MODELS[format], max_tokens: 1024, stream, tools: [{ name: 'exec_command', description: 'Runs a command.', input_schema: schema }], messages: [{ role: 'user', content: prompt }] };
    case 'openai-chat':
      return { model: MODELS[format], stream, tools: [{ type: 'function', function: { name: 'exec_command', description: 'Runs a command.', parameters: schema } }], messages: [{ role: 'user', content: prompt }] };
    case 'openai-responses':
      return { model: MODELS[format], stream, tools: [{ type: 'function', name: 'exec_command', description: 'Runs a command.', parameters: schema }], input: prompt };
  }
}

/** A request as policies see it: a prompt, or a whole body of the format (its `stream` is set to `stream`). */
export function testRequest(format: WireFormat, request: string | JsonObject = 'Hello', stream = false): RequestView {
  const body = typeof request === 'string' ? promptBody(format, request, stream) : { ...request, stream };
  const parsed = codecForFormat(format).parseRequest(Buffer.from(JSON.stringify(body)), { maxMessages: 10_000 });
  if (ProxyError.isInstance(parsed)) throw parsed;
  return parsed;
}
