import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { openaiErrorJson, type OpenAIErrorObject } from './openai-error-json.js';
import { sendJson } from './send-json.js';

/** OpenAI names its request id `x-request-id` (the SDK exposes it as `_request_id`); Anthropic's header stays too. */
export function openaiHeaders(requestId: string, extra: OutgoingHttpHeaders = {}): OutgoingHttpHeaders {
  return { ...extra, 'x-request-id': requestId };
}

export function sendOpenAIJson(res: ServerResponse, status: number, requestId: string, body: string, delayMs = 0): void {
  sendJson(res, status, requestId, body, openaiHeaders(requestId), delayMs);
}

/** An error in OpenAI's shape; 429 says when to retry, as the API does, so client back-off can be tested. */
export function sendOpenAIError(
  res: ServerResponse,
  status: number,
  requestId: string,
  overrides: Partial<OpenAIErrorObject> = {},
  delayMs = 0,
  extraHeaders: OutgoingHttpHeaders = {},
): void {
  const headers = status === 429 ? { ...extraHeaders, 'retry-after': '7' } : extraHeaders;
  sendJson(res, status, requestId, openaiErrorJson(status, overrides), openaiHeaders(requestId, headers), delayMs);
}
