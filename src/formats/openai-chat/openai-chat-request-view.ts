import { isJsonObject, type JsonObject } from '../../core/json.js';
import type { RequestBlock, RequestMessage, RequestRole, RequestView, ToolDefinition } from '../../core/request-view.js';
import { contentFromOpenAI, contentToOpenAI, functionCallToOpenAI, parseArguments, toolCallFromOpenAI, toolCallToOpenAI } from './openai-chat-blocks.js';

const roles: ReadonlySet<string> = new Set<RequestRole>(['system', 'developer', 'user', 'assistant', 'tool']);

type ToolCallBlock = Extract<RequestBlock, { type: 'tool-call' }>;

/**
 * The RequestView of a Chat Completions body. System and developer instructions are messages here,
 * so they appear in `messages` with their roles and `system` is empty. Neutral messages are built on
 * first read and cached; an unchanged message object is written back as its original JSON, so
 * patches stay narrow, and an untouched view forwards the client's exact bytes.
 *
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
export class OpenAIChatRequestView implements RequestView {
  readonly format = 'openai-chat' as const;
  readonly system: readonly RequestBlock[] = [];
  private cachedMessages: readonly RequestMessage[] | undefined;

  constructor(
    readonly body: JsonObject,
    private readonly bytes: Buffer | undefined,
  ) {}

  get modified(): boolean {
    return this.bytes === undefined;
  }

  get model(): string {
    return typeof this.body.model === 'string' ? this.body.model : '';
  }

  get stream(): boolean {
    return this.body.stream === true;
  }

  get messages(): readonly RequestMessage[] {
    this.cachedMessages ??= this.originalMessages().map(messageFromOpenAI);
    return this.cachedMessages;
  }

  get tools(): readonly ToolDefinition[] {
    const tools = Array.isArray(this.body.tools) ? this.body.tools.filter(isJsonObject).map(toolFromOpenAI) : [];
    // The deprecated `functions` list still offers tools a policy must see.
    const functions = Array.isArray(this.body.functions) ? this.body.functions.filter(isJsonObject).map(functionDefinition) : [];
    return [...tools, ...functions];
  }

  lastUserText(): string {
    for (let i = this.messages.length - 1; i >= 0; i--) {
      const message = this.messages[i];
      if (message?.role !== 'user') continue;
      return message.blocks.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('\n');
    }
    return '';
  }

  withModel(model: string): RequestView {
    return this.withField('model', model);
  }

  /**
   * Adds `blocks` as a system message before all others. `system` is always empty for this format,
   * so `withSystem([...view.system, block])` adds an instruction and keeps the client's own system
   * and developer messages; change those through `withMessages`. The new message takes the role the
   * client already uses (`developer` for newer clients), else `system`.
   */
  withSystem(blocks: readonly RequestBlock[]): RequestView {
    if (blocks.length === 0) return this;
    const existing = this.messages.find((message) => message.role === 'system' || message.role === 'developer');
    const message: RequestMessage = { role: existing?.role ?? 'system', blocks };
    return this.withField('messages', [messageToOpenAI(message), ...this.originalMessages()]);
  }

  withMessages(messages: readonly RequestMessage[]): RequestView {
    const current = this.messages;
    const originals = this.originalMessages();
    const encoded = messages.map((message) => {
      const position = current.indexOf(message);
      const original = position === -1 ? undefined : originals[position];
      return original ?? messageToOpenAI(message);
    });
    return this.withField('messages', encoded);
  }

  withField(name: string, value: unknown): RequestView {
    // Spreading keeps an existing field in its place, so the forwarded JSON reads like the client's.
    const { [name]: _removed, ...without } = this.body;
    return new OpenAIChatRequestView(value === undefined ? without : { ...this.body, [name]: value }, undefined);
  }

  toBody(): Buffer {
    return this.bytes ?? Buffer.from(JSON.stringify(this.body));
  }

  private originalMessages(): JsonObject[] {
    return Array.isArray(this.body.messages) ? this.body.messages.filter(isJsonObject) : [];
  }
}

function roleFromOpenAI(role: unknown): RequestRole {
  if (role === 'function') return 'tool';
  return typeof role === 'string' && roles.has(role) ? (role as RequestRole) : 'user';
}

function messageFromOpenAI(message: JsonObject): RequestMessage {
  const origin = { format: 'openai-chat' as const, data: message };
  const role = roleFromOpenAI(message.role);
  if (role === 'tool') {
    // A tool message is one result; the deprecated `function` role names the function instead of a call id.
    const toolCallId = stringOf(message.role === 'function' ? message.name : message.tool_call_id);
    return { role, blocks: [{ type: 'tool-result', toolCallId, content: contentFromOpenAI(message.content), isError: false, origin }], origin };
  }
  const blocks = contentFromOpenAI(message.content);
  if (role === 'assistant') {
    if (Array.isArray(message.tool_calls)) blocks.push(...message.tool_calls.filter(isJsonObject).map(toolCallFromOpenAI));
    const legacy = message.function_call;
    if (isJsonObject(legacy)) {
      blocks.push({ type: 'tool-call', id: '', name: stringOf(legacy.name), input: parseArguments(legacy.arguments), origin: { format: 'openai-chat', data: legacy } });
    }
  }
  return { role, blocks, origin };
}

function messageToOpenAI(message: RequestMessage): JsonObject {
  const base = message.origin?.format === 'openai-chat' ? message.origin.data : undefined;
  const role = base !== undefined && roleFromOpenAI(base.role) === message.role ? base.role : message.role;
  const out: Record<string, unknown> = { ...base, role };
  const result = message.blocks.find((block) => block.type === 'tool-result');
  if (message.role === 'tool') {
    if (role === 'tool') out.tool_call_id = result?.toolCallId ?? base?.tool_call_id;
    setContent(out, result?.content ?? message.blocks, base?.content);
    return out;
  }
  const calls = message.blocks.filter((block): block is ToolCallBlock => block.type === 'tool-call');
  setContent(out, message.blocks.filter((block) => block.type !== 'tool-call'), base?.content);
  if (message.role !== 'assistant') return out;
  const legacy = calls.find((block) => base !== undefined && block.origin?.data === base.function_call);
  const toolCalls = calls.filter((block) => block !== legacy).map(toolCallToOpenAI);
  if (toolCalls.length > 0) out.tool_calls = toolCalls;
  else delete out.tool_calls;
  if (legacy !== undefined) out.function_call = functionCallToOpenAI(legacy, isJsonObject(base?.function_call) ? base.function_call : undefined);
  else delete out.function_call;
  return out;
}

function setContent(out: Record<string, unknown>, blocks: readonly RequestBlock[], original: unknown): void {
  const content = contentToOpenAI(blocks, original);
  if (content === undefined) delete out.content;
  else out.content = content;
}

function toolFromOpenAI(tool: JsonObject): ToolDefinition {
  const origin = { format: 'openai-chat' as const, data: tool };
  if (tool.type === 'function' && isJsonObject(tool.function)) return { ...functionDefinition(tool.function), origin };
  const custom = tool.type === 'custom' && isJsonObject(tool.custom) ? tool.custom : undefined;
  return {
    name: stringOf(custom?.name ?? tool.name),
    ...(typeof custom?.description === 'string' ? { description: custom.description } : {}),
    kind: typeof tool.type === 'string' ? tool.type : 'function',
    origin,
  };
}

function functionDefinition(fn: JsonObject): ToolDefinition {
  return {
    name: stringOf(fn.name),
    ...(typeof fn.description === 'string' ? { description: fn.description } : {}),
    ...(isJsonObject(fn.parameters) ? { inputSchema: fn.parameters } : {}),
    kind: 'function',
    origin: { format: 'openai-chat', data: fn },
  };
}

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
