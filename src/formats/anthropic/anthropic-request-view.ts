import { isJsonObject, type JsonObject } from '../../core/json.js';
import type { RequestBlock, RequestMessage, RequestRole, RequestView, ToolDefinition } from '../../core/request-view.js';
import { blockToAnthropic, contentFromAnthropic, contentToAnthropic } from './anthropic-blocks.js';

const roles: ReadonlySet<string> = new Set<RequestRole>(['system', 'developer', 'user', 'assistant', 'tool']);

/**
 * The RequestView of an Anthropic Messages body. Neutral messages are built on first read and cached;
 * an unchanged message object is written back as its original JSON, so patches stay narrow.
 */
export class AnthropicRequestView implements RequestView {
  readonly format = 'anthropic' as const;
  private cachedMessages: readonly RequestMessage[] | undefined;
  private cachedSystem: readonly RequestBlock[] | undefined;

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

  get system(): readonly RequestBlock[] {
    this.cachedSystem ??= contentFromAnthropic(this.body.system);
    return this.cachedSystem;
  }

  get messages(): readonly RequestMessage[] {
    this.cachedMessages ??= (Array.isArray(this.body.messages) ? this.body.messages : []).filter(isJsonObject).map(messageFromAnthropic);
    return this.cachedMessages;
  }

  get tools(): readonly ToolDefinition[] {
    const tools = Array.isArray(this.body.tools) ? this.body.tools : [];
    return tools.filter(isJsonObject).map(toolFromAnthropic);
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

  withSystem(blocks: readonly RequestBlock[]): RequestView {
    return this.withField('system', blocks.length === 0 ? undefined : contentToAnthropic(blocks, this.body.system));
  }

  withMessages(messages: readonly RequestMessage[]): RequestView {
    const current = this.messages;
    const originals = Array.isArray(this.body.messages) ? this.body.messages.filter(isJsonObject) : [];
    const encoded = messages.map((message) => {
      const position = current.indexOf(message);
      const original = position === -1 ? undefined : originals[position];
      return original ?? messageToAnthropic(message);
    });
    return this.withField('messages', encoded);
  }

  withField(name: string, value: unknown): RequestView {
    // Spreading keeps an existing field in its place, so the forwarded JSON reads like the client's.
    const { [name]: _removed, ...without } = this.body;
    return new AnthropicRequestView(value === undefined ? without : { ...this.body, [name]: value }, undefined);
  }

  toBody(): Buffer {
    return this.bytes ?? Buffer.from(JSON.stringify(this.body));
  }
}

function messageFromAnthropic(message: JsonObject): RequestMessage {
  const role = typeof message.role === 'string' && roles.has(message.role) ? (message.role as RequestRole) : 'user';
  return { role, blocks: contentFromAnthropic(message.content), origin: { format: 'anthropic', data: message } };
}

function messageToAnthropic(message: RequestMessage): JsonObject {
  const base = message.origin?.format === 'anthropic' ? message.origin.data : undefined;
  const content = base === undefined ? message.blocks.map(blockToAnthropic) : contentToAnthropic(message.blocks, base.content);
  return { ...base, role: message.role === 'developer' ? 'system' : message.role === 'tool' ? 'user' : message.role, content };
}

function toolFromAnthropic(tool: JsonObject): ToolDefinition {
  return {
    name: typeof tool.name === 'string' ? tool.name : '',
    ...(typeof tool.description === 'string' ? { description: tool.description } : {}),
    ...(isJsonObject(tool.input_schema) ? { inputSchema: tool.input_schema } : {}),
    // Client tools have no type (or `custom`); server tools are typed, e.g. `web_search_20250305`.
    kind: typeof tool.type === 'string' && tool.type !== 'custom' ? tool.type : 'function',
    origin: { format: 'anthropic', data: tool },
  };
}
