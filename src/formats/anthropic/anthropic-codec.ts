import type { FormatCodec } from '../format-codec.js';
import { anthropicIdentity } from './anthropic-identity.js';
import { anthropicErrorBody, anthropicErrorType, anthropicStatusForType } from './anthropic-error.js';
import { AnthropicInvariants } from './anthropic-invariants.js';
import { AnthropicStreamDecoder } from './anthropic-stream-decoder.js';
import { decodeAnthropicMessage } from './decode-anthropic-message.js';
import { encodeAnthropicEvent } from './encode-anthropic-event.js';
import { foldAnthropicMessage } from './fold-anthropic-message.js';
import { parseAnthropicRequest } from './parse-anthropic-request.js';

/** The Anthropic Messages API. @see https://docs.anthropic.com/en/api/messages */
export const anthropicCodec: FormatCodec = {
  format: 'anthropic',
  parseRequest: parseAnthropicRequest,
  identify: anthropicIdentity,
  createDecoder: () => new AnthropicStreamDecoder(),
  createInvariants: (fallback) => new AnthropicInvariants(fallback),
  // Every Anthropic part is one event of its own: nothing to hold back.
  createEncoder: () => ({ encode: encodeAnthropicEvent, flush: () => '' }),
  decodeResponse: decodeAnthropicMessage,
  foldResponse: foldAnthropicMessage,
  errorBody: anthropicErrorBody,
  errorStatus: (part) => anthropicStatusForType(anthropicErrorType(part.kind)),
  // An `error` event's data is already the API's error body.
  upstreamErrorBody: (part) => (part.origin?.format === 'anthropic' && part.origin.data.type === 'error' ? JSON.stringify(part.origin.data) : undefined),
  messageId: (callId) => `msg_${callId.replaceAll('-', '')}`,
};
