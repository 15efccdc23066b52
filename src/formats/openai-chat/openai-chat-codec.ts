import { isJsonObject } from '../../core/json.js';
import type { FormatCodec } from '../format-codec.js';
import { openaiErrorBody, openaiErrorStatus } from '../openai/openai-error.js';
import { openaiChatIdentity } from './openai-chat-identity.js';
import { decodeOpenAIChatCompletion } from './decode-openai-chat-completion.js';
import { foldOpenAIChatCompletion } from './fold-openai-chat-completion.js';
import { OpenAIChatInvariants } from './openai-chat-invariants.js';
import { OpenAIChatStreamDecoder } from './openai-chat-stream-decoder.js';
import { OpenAIChatStreamEncoder } from './openai-chat-stream-encoder.js';
import { parseOpenAIChatRequest } from './parse-openai-chat-request.js';

/** The OpenAI Chat Completions API. @see https://platform.openai.com/docs/api-reference/chat */
export const openaiChatCodec: FormatCodec = {
  format: 'openai-chat',
  parseRequest: parseOpenAIChatRequest,
  identify: openaiChatIdentity,
  // Policies see choice 0 only (see openai-chat-chunk.ts); more choices would pass them unchecked.
  unseenByPolicies: (request) => {
    const n = request.body.n;
    return typeof n === 'number' && n > 1 ? `n: ${n} choices requested; policies see one, so use n: 1` : undefined;
  },
  createDecoder: () => new OpenAIChatStreamDecoder(),
  createInvariants: (fallback) => new OpenAIChatInvariants(fallback),
  // One chunk carries several parts: the encoder groups them back (see openai-chat-stream-encoder.ts).
  createEncoder: () => new OpenAIChatStreamEncoder(),
  decodeResponse: decodeOpenAIChatCompletion,
  foldResponse: (parts) => foldOpenAIChatCompletion(parts),
  errorBody: openaiErrorBody,
  errorStatus: (part) => openaiErrorStatus(part.kind, part.origin?.format === 'openai-chat' && isJsonObject(part.origin.data.error) ? part.origin.data.error : undefined),
  // An error chunk is already the API's error body.
  upstreamErrorBody: (part) => (part.origin?.format === 'openai-chat' && isJsonObject(part.origin.data.error) ? JSON.stringify({ error: part.origin.data.error }) : undefined),
  messageId: (callId) => `chatcmpl-${callId.replaceAll('-', '')}`,
};
