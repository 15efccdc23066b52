import { isJsonObject, type JsonObject } from '../../core/json.js';
import type { RequestBlock, RequestMessage, RequestView, ToolDefinition } from '../../core/request-view.js';
import { inputItems, itemsFromMessage, messagesFromInput, type ItemContext } from './openai-responses-input-items.js';
import { toolsFromResponses } from './openai-responses-tools.js';

/**
 * The RequestView of a Responses body. `instructions` is the system prompt; `input` items are the
 * messages, one per item (Codex sends its system prompt as `developer` messages there, and no
 * `instructions`). Neutral messages are built on first read and cached; an unchanged message is
 * written back as its original item, so patches stay narrow and an untouched body keeps its bytes.
 *
 * @see https://platform.openai.com/docs/api-reference/responses/create
 */
export class OpenAIResponsesRequestView implements RequestView {
  readonly format = 'openai-responses' as const;
  private cachedMessages: readonly RequestMessage[] | undefined;
  private cachedSystem: readonly RequestBlock[] | undefined;
  private cachedTools: readonly ToolDefinition[] | undefined;

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
    this.cachedSystem ??= systemFromInstructions(this.body.instructions);
    return this.cachedSystem;
  }

  get messages(): readonly RequestMessage[] {
    this.cachedMessages ??= messagesFromInput(this.body.input);
    return this.cachedMessages;
  }

  get tools(): readonly ToolDefinition[] {
    this.cachedTools ??= toolsFromResponses(this.body);
    return this.cachedTools;
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

  /** `instructions` is one string: text blocks are joined by blank lines; items of an array form are kept. */
  withSystem(blocks: readonly RequestBlock[]): RequestView {
    if (blocks.length === 0) return this.withField('instructions', undefined);
    const kept = blocks.flatMap((block) => (block.type !== 'text' && block.origin?.format === 'openai-responses' ? [block.origin.data] : []));
    const text = blocks.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('\n\n');
    if (kept.length === 0) return this.withField('instructions', text);
    const developer = text === '' ? [] : [{ type: 'message', role: 'developer', content: [{ type: 'input_text', text }] }];
    return this.withField('instructions', [...developer, ...kept]);
  }

  withMessages(messages: readonly RequestMessage[]): RequestView {
    const current = this.messages;
    const input = this.body.input;
    if (typeof input === 'string') {
      // A string input stays a string while it is still one plain user text.
      const only = messages.length === 1 ? messages[0] : undefined;
      if (only !== undefined && only === current[0]) return this.withField('input', input);
      const text = only?.role === 'user' && only.blocks.length === 1 ? only.blocks[0] : undefined;
      if (text?.type === 'text' && text.origin === undefined) return this.withField('input', text.text);
    }
    const originals = inputItems(input);
    const context = this.itemContext(messages);
    const items = messages.flatMap((message) => {
      const position = current.indexOf(message);
      const original = position === -1 || typeof input === 'string' ? undefined : originals[position];
      return original === undefined ? itemsFromMessage(message, context) : [original];
    });
    return this.withField('input', items);
  }

  withField(name: string, value: unknown): RequestView {
    // Spreading keeps an existing field in its place, so the forwarded JSON reads like the client's.
    const { [name]: _removed, ...without } = this.body;
    return new OpenAIResponsesRequestView(value === undefined ? without : { ...this.body, [name]: value }, undefined);
  }

  toBody(): Buffer {
    return this.bytes ?? Buffer.from(JSON.stringify(this.body));
  }

  /** Tool calls a policy adds, and their results, must use the custom item types when the tool takes free text. */
  private itemContext(messages: readonly RequestMessage[]): ItemContext {
    const customTools = new Set(this.tools.flatMap((tool) => (tool.kind === 'custom' ? [tool.name] : [])));
    const customCalls = new Set([
      ...inputItems(this.body.input).flatMap((item) => (item.type === 'custom_tool_call' && typeof item.call_id === 'string' ? [item.call_id] : [])),
      ...messages.flatMap((message) => message.blocks.flatMap((block) => (block.type === 'tool-call' && customTools.has(block.name) ? [block.id] : []))),
    ]);
    return { customTools, customCalls };
  }
}

/**
 * `instructions` as system blocks: the string a request carries is one text block. The array form
 * (input items, as in stored prompts) is kept as opaque blocks, one per item.
 */
function systemFromInstructions(instructions: unknown): RequestBlock[] {
  if (typeof instructions === 'string') return [{ type: 'text', text: instructions }];
  if (!Array.isArray(instructions)) return [];
  return instructions.filter(isJsonObject).map((item) => ({ type: 'opaque', origin: { format: 'openai-responses', data: item } }));
}
