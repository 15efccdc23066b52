import type { ApiFamily } from '../routing/api-family.js';
import { anthropicCodec } from './anthropic/anthropic-codec.js';
import type { FormatCodec } from './format-codec.js';
import { openaiChatCodec } from './openai-chat/openai-chat-codec.js';

/** The codec whose error shape a family's clients expect (both OpenAI formats share one). */
export function errorCodecFor(family: ApiFamily): FormatCodec {
  return family === 'anthropic' ? anthropicCodec : openaiChatCodec;
}
