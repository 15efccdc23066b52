import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { Agent, request, errors } from 'undici';
import { ProxyError } from '../core/proxy-error.js';

export interface UpstreamRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body?: Buffer;
  readonly signal: AbortSignal;
}

export interface UpstreamResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** The body as it arrives; destroy it to stop reading (and release the connection). */
  readonly body: Readable;
}

export interface UpstreamClientOptions {
  readonly connectTimeoutMs: number;
  /** Longest wait for response headers, and longest silence between body chunks. */
  readonly timeoutMs: number;
  readonly connectionsPerOrigin: number;
}

/**
 * Sends requests upstream over pooled keep-alive connections (one undici Agent for all origins).
 * Network failures come back as ProxyErrors; an aborted signal rejects with the abort reason.
 */
export class UpstreamClient {
  private readonly agent: Agent;

  constructor(options: UpstreamClientOptions) {
    this.agent = new Agent({
      connect: { timeout: options.connectTimeoutMs },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      connections: options.connectionsPerOrigin,
      keepAliveTimeout: 30_000,
      pipelining: 1,
    });
  }

  async send(upstreamRequest: UpstreamRequest): Promise<UpstreamResponse> {
    try {
      const response = await request(upstreamRequest.url, {
        method: upstreamRequest.method as 'POST',
        headers: upstreamRequest.headers,
        body: upstreamRequest.body ?? null,
        signal: upstreamRequest.signal,
        dispatcher: this.agent,
      });
      return { status: response.statusCode, headers: response.headers, body: response.body };
    } catch (error) {
      throw upstreamError(error, upstreamRequest.signal);
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

/** Maps a failure talking to the upstream to the catalogue (an abort stays an abort). */
export function upstreamError(error: unknown, signal?: AbortSignal): unknown {
  if (signal?.aborted === true || ProxyError.isInstance(error)) return error;
  if (error instanceof errors.HeadersTimeoutError || error instanceof errors.BodyTimeoutError) {
    return new ProxyError('LUTHIEN_UPSTREAM_TIMEOUT', undefined, { cause: error });
  }
  if (error instanceof errors.ConnectTimeoutError) {
    return new ProxyError('LUTHIEN_UPSTREAM_UNREACHABLE', 'connection timed out', { cause: error });
  }
  const code = (error as { code?: unknown }).code;
  return new ProxyError('LUTHIEN_UPSTREAM_UNREACHABLE', typeof code === 'string' ? code : undefined, { cause: error });
}
