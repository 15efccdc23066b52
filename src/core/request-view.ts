import type { JsonObject } from './json.js';
import type { Origin } from './origin.js';
import type { WireFormat } from './wire-format.js';

/** A block of request content, in neutral terms. `origin` keeps the format's own block for lossless patching. */
export type RequestBlock =
  | { readonly type: 'text'; readonly text: string; readonly origin?: Origin }
  | { readonly type: 'image'; readonly mediaType?: string; readonly sourceType: string; readonly origin?: Origin }
  | { readonly type: 'document'; readonly mediaType?: string; readonly title?: string; readonly sourceType: string; readonly origin?: Origin }
  | { readonly type: 'tool-call'; readonly id: string; readonly name: string; readonly input: unknown; readonly origin?: Origin }
  | {
      readonly type: 'tool-result';
      readonly toolCallId: string;
      readonly content: readonly RequestBlock[];
      readonly isError: boolean;
      readonly origin?: Origin;
    }
  | { readonly type: 'thinking'; readonly thinking: string; readonly origin?: Origin }
  | { readonly type: 'redacted-thinking'; readonly origin?: Origin }
  | { readonly type: 'opaque'; readonly origin?: Origin };

export type RequestRole = 'system' | 'developer' | 'user' | 'assistant' | 'tool';

export interface RequestMessage {
  readonly role: RequestRole;
  readonly blocks: readonly RequestBlock[];
  readonly origin?: Origin;
}

export interface ToolDefinition {
  readonly name: string;
  readonly description?: string;
  readonly inputSchema?: JsonObject;
  /** `function` for ordinary client tools; the format's own type otherwise (e.g. `web_search_20250305`). */
  readonly kind: string;
  readonly origin?: Origin;
}

/**
 * What policies read of a request, and how they change it. Reading is lazy and cheap; the `with*`
 * methods return a new view and leave this one as it was. Fields a policy does not touch are forwarded
 * byte for byte: an unmodified view forwards the client's exact body.
 */
export interface RequestView {
  readonly format: WireFormat;
  /** The parsed body. Read-only: use the `with*` methods to change it. */
  readonly body: JsonObject;
  readonly model: string;
  readonly stream: boolean;
  /** System prompt blocks (Anthropic `system`, OpenAI system/developer messages are in `messages`). */
  readonly system: readonly RequestBlock[];
  readonly messages: readonly RequestMessage[];
  readonly tools: readonly ToolDefinition[];
  /** True once any `with*` call produced this view. */
  readonly modified: boolean;

  /** Text of the last user message (its text blocks joined by newlines), or '' when there is none. */
  lastUserText(): string;

  withModel(model: string): RequestView;
  withSystem(blocks: readonly RequestBlock[]): RequestView;
  withMessages(messages: readonly RequestMessage[]): RequestView;
  /** Sets (or, with `undefined`, removes) one top-level body field. The escape hatch for format-specific fields. */
  withField(name: string, value: unknown): RequestView;

  /** The body to forward upstream: the client's own bytes when unmodified. */
  toBody(): Buffer;
}
