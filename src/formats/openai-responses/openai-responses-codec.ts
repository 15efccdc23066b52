import type { FormatCodec } from '../format-codec.js';
import { decodeOpenAIResponsesResponse } from './decode-openai-responses-response.js';
import { foldOpenAIResponsesResponse } from './fold-openai-responses-response.js';
import { responsesErrorBody, responsesStatusForKind } from './openai-responses-error.js';
import { OpenAIResponsesInvariants } from './openai-responses-invariants.js';
import { OpenAIResponsesStreamDecoder } from './openai-responses-stream-decoder.js';
import { OpenAIResponsesStreamEncoder } from './openai-responses-stream-encoder.js';
import { parseOpenAIResponsesRequest } from './parse-openai-responses-request.js';

/** The OpenAI Responses API (`POST /v1/responses`), as Codex and the OpenAI SDKs speak it. @see https://platform.openai.com/docs/api-reference/responses */
export const openaiResponsesCodec: FormatCodec = {
  format: 'openai-responses',
  parseRequest: parseOpenAIResponsesRequest,
  createDecoder: () => new OpenAIResponsesStreamDecoder(),
  createInvariants: (fallback) => new OpenAIResponsesInvariants(fallback),
  // Stateful: it numbers events and rebuilds the ones that repeat earlier content (see its header).
  createEncoder: () => new OpenAIResponsesStreamEncoder(),
  decodeResponse: decodeOpenAIResponsesResponse,
  foldResponse: foldOpenAIResponsesResponse,
  errorBody: responsesErrorBody,
  errorStatus: (part) => responsesStatusForKind(part.kind),
};
