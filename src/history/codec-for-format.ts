import type { WireFormat } from '../core/wire-format.js';
import { anthropicCodec } from '../formats/anthropic/anthropic-codec.js';
import type { FormatCodec } from '../formats/format-codec.js';
import { openaiChatCodec } from '../formats/openai-chat/openai-chat-codec.js';
import { openaiResponsesCodec } from '../formats/openai-responses/openai-responses-codec.js';

const codecs: Readonly<Record<WireFormat, FormatCodec>> = {
  anthropic: anthropicCodec,
  'openai-chat': openaiChatCodec,
  'openai-responses': openaiResponsesCodec,
};

/** The codec that reads requests of `format` in neutral terms. */
export function codecForFormat(format: WireFormat): FormatCodec {
  return codecs[format];
}
