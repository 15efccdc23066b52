import type { FormatCodec } from '../format-codec.js';
import { decodeOpenAIChatCompletion } from './decode-openai-chat-completion.js';
import { foldOpenAIChatCompletion } from './fold-openai-chat-completion.js';
import { openaiChatErrorBody, openaiChatErrorStatus } from './openai-chat-error.js';
import { OpenAIChatInvariants } from './openai-chat-invariants.js';
import { OpenAIChatStreamDecoder } from './openai-chat-stream-decoder.js';
import { OpenAIChatStreamEncoder } from './openai-chat-stream-encoder.js';
import { parseOpenAIChatRequest } from './parse-openai-chat-request.js';

/** The OpenAI Chat Completions API. @see https://platform.openai.com/docs/api-reference/chat */
export const openaiChatCodec: FormatCodec = {
  format: 'openai-chat',
  parseRequest: parseOpenAIChatRequest,
  createDecoder: () => new OpenAIChatStreamDecoder(),
  createInvariants: (fallback) => new OpenAIChatInvariants(fallback),
  // One chunk carries several parts: the encoder groups them back (see openai-chat-stream-encoder.ts).
  createEncoder: () => new OpenAIChatStreamEncoder(),
  decodeResponse: decodeOpenAIChatCompletion,
  foldResponse: (parts) => foldOpenAIChatCompletion(parts),
  errorBody: openaiChatErrorBody,
  errorStatus: (part) => openaiChatErrorStatus(part.kind, part.origin?.format === 'openai-chat' ? part.origin.data : undefined),
};
