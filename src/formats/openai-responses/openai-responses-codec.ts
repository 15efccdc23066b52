import { isJsonObject, type JsonObject } from '../../core/json.js';
import type { ErrorPart } from '../../core/stream-part.js';
import type { FormatCodec } from '../format-codec.js';
import { errorObjectOf, openaiErrorStatus, openaiErrorBody } from '../openai/openai-error.js';
import { openaiResponsesIdentity } from './openai-responses-identity.js';
import { decodeOpenAIResponsesResponse } from './decode-openai-responses-response.js';
import { foldOpenAIResponsesResponse } from './fold-openai-responses-response.js';
import { OpenAIResponsesInvariants } from './openai-responses-invariants.js';
import { OpenAIResponsesStreamDecoder } from './openai-responses-stream-decoder.js';
import { OpenAIResponsesStreamEncoder } from './openai-responses-stream-encoder.js';
import { parseOpenAIResponsesRequest } from './parse-openai-responses-request.js';

/** The OpenAI Responses API (`POST /v1/responses`), as Codex and the OpenAI SDKs speak it. @see https://platform.openai.com/docs/api-reference/responses */
export const openaiResponsesCodec: FormatCodec = {
  format: 'openai-responses',
  parseRequest: parseOpenAIResponsesRequest,
  identify: openaiResponsesIdentity,
  createDecoder: () => new OpenAIResponsesStreamDecoder(),
  createInvariants: (fallback) => new OpenAIResponsesInvariants(fallback),
  // Stateful: it numbers events and rebuilds the ones that repeat earlier content (see its header).
  createEncoder: () => new OpenAIResponsesStreamEncoder(),
  decodeResponse: decodeOpenAIResponsesResponse,
  foldResponse: foldOpenAIResponsesResponse,
  errorBody: openaiErrorBody,
  errorStatus: (part) => openaiErrorStatus(part.kind, upstreamError(part)),
  upstreamErrorBody: (part) => {
    const error = upstreamError(part);
    return error === undefined ? undefined : JSON.stringify({ error: { message: error.message ?? part.message, type: error.type ?? 'server_error', param: error.param ?? null, code: error.code ?? null } });
  },
  messageId: (callId) => `resp_${callId.replaceAll('-', '')}`,
};

/** The upstream's error object: an `error` event's own fields, or a failed response's `error`. */
function upstreamError(part: ErrorPart): JsonObject | undefined {
  if (part.origin?.format !== 'openai-responses') return undefined;
  const { data } = part.origin;
  if (data.type === 'error') return errorObjectOf(data);
  const response = data.response;
  return isJsonObject(response) && isJsonObject(response.error) ? response.error : undefined;
}
