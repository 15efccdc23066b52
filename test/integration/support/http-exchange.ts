import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'undici';

/** A finished HTTP exchange: status, headers and the exact body bytes. */
export interface Exchange {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly text: string;
}

export interface ExchangeOptions {
  readonly method?: 'GET' | 'POST' | 'HEAD' | 'PUT' | 'DELETE';
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
}

/** Sends one request and reads the whole answer. */
export async function exchange(baseUrl: string, path: string, options: ExchangeOptions = {}): Promise<Exchange> {
  const response = await request(baseUrl + path, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers: options.headers ?? {},
    body: options.body ?? null,
  });
  const body = Buffer.from(await response.body.arrayBuffer());
  return { status: response.statusCode, headers: response.headers, body, text: body.toString('utf8') };
}

/** `POST /v1/messages` with JSON headers and a key the scripted upstream accepts. */
export function postMessages(baseUrl: string, body: string, headers: Record<string, string> = {}, query = ''): Promise<Exchange> {
  return exchange(baseUrl, `/v1/messages${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'sk-client-key', ...headers },
    body,
  });
}

export function headerText(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

export interface AnthropicErrorBody {
  readonly type: 'error';
  readonly error: { readonly type: string; readonly message: string };
}

/** Parses an Anthropic error body, failing loudly when the shape is wrong. */
export function anthropicError(text: string): AnthropicErrorBody {
  const value = JSON.parse(text) as Partial<AnthropicErrorBody> | null;
  if (value?.type !== 'error' || typeof value.error?.type !== 'string' || typeof value.error.message !== 'string') {
    throw new Error(`not an Anthropic error body: ${text}`);
  }
  return value as AnthropicErrorBody;
}

/** `POST /v1/chat/completions` with JSON headers and a Bearer key the scripted upstream accepts. */
export function postChat(baseUrl: string, body: string, headers: Record<string, string> = {}, query = ''): Promise<Exchange> {
  return exchange(baseUrl, `/v1/chat/completions${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-client-key', ...headers },
    body,
  });
}

/** `POST /v1/responses` with JSON headers and a Bearer key the scripted upstream accepts. */
export function postResponses(baseUrl: string, body: string, headers: Record<string, string> = {}, query = ''): Promise<Exchange> {
  return exchange(baseUrl, `/v1/responses${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-client-key', ...headers },
    body,
  });
}

export interface OpenAIErrorBody {
  readonly error: { readonly message: string; readonly type: string; readonly param: string | null; readonly code: string | null };
}

/** Parses an OpenAI error body (`{"error":{message,type,param,code}}`, all four keys present), failing loudly when the shape is wrong. */
export function openaiError(text: string): OpenAIErrorBody {
  const value = JSON.parse(text) as { error?: Record<string, unknown> } | null;
  const error = value?.error;
  const nullableText = (field: unknown) => field === null || typeof field === 'string';
  if (
    value === null ||
    Object.keys(value).length !== 1 ||
    typeof error !== 'object' ||
    typeof error.message !== 'string' ||
    typeof error.type !== 'string' ||
    !('param' in error) ||
    !nullableText(error.param) ||
    !('code' in error) ||
    !nullableText(error.code)
  ) {
    throw new Error(`not an OpenAI error body: ${text}`);
  }
  return value as OpenAIErrorBody;
}
