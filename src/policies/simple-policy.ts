import type { Policy, PolicyContext, RequestDecision, TextBlockDecision, TextBlockView, ToolCallDecision, ToolCallView } from '../core/policy.js';
import type { RequestBlock, RequestMessage, RequestView } from '../core/request-view.js';

type MaybePromise<T> = T | Promise<T>;

/** A user message as `onUserText` and `onUserAttachment` see it. */
export interface UserTurn {
  /** The whole message: its text, images and documents (and tool results, on Anthropic). */
  readonly message: RequestMessage;
  /** Its position among the request's messages. */
  readonly messageIndex: number;
  /**
   * True for messages added since the model last answered (after the last assistant message): what
   * the person just wrote. False for history, which clients resend on every turn.
   */
  readonly latest: boolean;
}

/** Stops the request: the user gets the shared `blocked_request` message built from `reason` (or `message` verbatim). */
export interface SimpleBlock {
  readonly block: string;
  readonly message?: string;
}

export type Attachment = Extract<RequestBlock, { readonly type: 'image' | 'document' }>;

/** `{ block: reason }`, for returning from `onUserText` and `onUserAttachment`. */
export function block(reason: string, message?: string): SimpleBlock {
  return message === undefined ? { block: reason } : { block: reason, message };
}

/**
 * A base class for policies that want whole texts rather than streams. Override any of:
 * - `onUserText(text, ctx, turn)`: each text block of each user message (history included, see
 *   `turn.latest`); return the text (changed or not) or `block(reason)`;
 * - `onUserAttachment(attachment, ctx, turn)`: each image or document of each user message; return
 *   `'keep'`, `'drop'` (it is replaced by a short note saying so) or `block(reason)`;
 * - `onAssistantText(text, ctx)`: each whole text block of the response (the runtime buffers that
 *   block only); return the text to send ('' drops it);
 * - `onToolCall(call, ctx)`: each complete tool call, the ordinary hook (allow, replace or block).
 *
 * They are built on the block-level hooks (`onRequest`, `onTextBlock`, `onToolCall`), which exist only
 * when overridden, so a policy that only checks tool calls does not make text wait. Define the
 * overrides as methods or as arrow-function fields; do not also define `onRequest` or `onTextBlock`.
 */
export abstract class SimplePolicy implements Policy {
  abstract readonly name: string;

  onUserText?(text: string, ctx: PolicyContext, turn: UserTurn): MaybePromise<string | SimpleBlock>;
  onUserAttachment?(attachment: Attachment, ctx: PolicyContext, turn: UserTurn): MaybePromise<'keep' | 'drop' | SimpleBlock>;
  onAssistantText?(text: string, ctx: PolicyContext): MaybePromise<string>;
  onToolCall?(call: ToolCallView, ctx: PolicyContext): MaybePromise<ToolCallDecision>;

  get onRequest(): ((request: RequestView, ctx: PolicyContext) => Promise<RequestDecision>) | undefined {
    if (this.onUserText === undefined && this.onUserAttachment === undefined) return undefined;
    return (request, ctx) => this.runRequest(request, ctx);
  }

  get onTextBlock(): ((block: TextBlockView, ctx: PolicyContext) => Promise<TextBlockDecision>) | undefined {
    const hook = this.onAssistantText?.bind(this);
    if (hook === undefined) return undefined;
    return async (textBlock, ctx) => {
      const text = await hook(textBlock.text, ctx);
      if (text === textBlock.text) return { action: 'keep' };
      return text === '' ? { action: 'drop' } : { action: 'replace', blocks: [{ type: 'text', text }] };
    };
  }

  private async runRequest(request: RequestView, ctx: PolicyContext): Promise<RequestDecision> {
    const lastAssistant = request.messages.findLastIndex((message) => message.role === 'assistant');
    const messages: RequestMessage[] = [];
    let changed = false;
    for (const [messageIndex, message] of request.messages.entries()) {
      if (message.role !== 'user') {
        messages.push(message);
        continue;
      }
      const turn: UserTurn = { message, messageIndex, latest: messageIndex > lastAssistant };
      const blocks: RequestBlock[] = [];
      for (const content of message.blocks) {
        const outcome = await this.judgeBlock(content, ctx, turn);
        if (typeof outcome === 'object' && !('type' in outcome)) {
          return outcome.message === undefined ? { action: 'block', reason: outcome.block } : { action: 'block', reason: outcome.block, message: outcome.message };
        }
        blocks.push(outcome);
      }
      const same = blocks.every((content, index) => content === message.blocks[index]);
      changed ||= !same;
      messages.push(same ? message : { ...message, blocks });
    }
    return changed ? { action: 'continue', request: request.withMessages(messages) } : { action: 'continue' };
  }

  /** One block of a user message: the same block, a changed one, or a block decision. */
  private async judgeBlock(content: RequestBlock, ctx: PolicyContext, turn: UserTurn): Promise<RequestBlock | SimpleBlock> {
    if (content.type === 'text' && this.onUserText !== undefined) {
      const result = await this.onUserText(content.text, ctx, turn);
      if (typeof result !== 'string') return result;
      return result === content.text ? content : { ...content, text: result };
    }
    if ((content.type === 'image' || content.type === 'document') && this.onUserAttachment !== undefined) {
      const result = await this.onUserAttachment(content, ctx, turn);
      if (result === 'keep') return content;
      if (result === 'drop') return { type: 'text', text: `[${content.type === 'image' ? 'an image' : 'a document'} was removed here by the ${this.name} policy]` };
      return result;
    }
    return content;
  }
}
