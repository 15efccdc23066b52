import type { IncomingHttpHeaders } from 'node:http';
import type { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import { Pool, errors } from 'undici';
import { ProxyError } from '../core/proxy-error.js';

export interface UpstreamRequest {
  /** `scheme://host:port` of the upstream. */
  readonly origin: string;
  /** Path and query, e.g. `/v1/messages?beta=true`. */
  readonly path: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body?: Buffer;
  /** Emits `abort` when the call is abandoned (an AbortSignal works too). */
  readonly signal: AbortSignal | EventEmitter;
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
 * Sends requests upstream over pooled keep-alive connections, one undici Pool per origin (kept for
 * the life of the process: a proxy talks to a handful of origins). Network failures come back as
 * ProxyErrors; an abandoned call rejects with undici's abort error.
 */
export class UpstreamClient {
  private readonly pools = new Map<string, Pool>();

  constructor(private readonly options: UpstreamClientOptions) {}

  async send(upstreamRequest: UpstreamRequest): Promise<UpstreamResponse> {
    try {
      const response = await this.pool(upstreamRequest.origin).request({
        path: upstreamRequest.path,
        method: upstreamRequest.method,
        headers: upstreamRequest.headers,
        body: upstreamRequest.body ?? null,
        signal: upstreamRequest.signal,
      });
      return { status: response.statusCode, headers: response.headers, body: response.body };
    } catch (error) {
      throw upstreamError(error, isAborted(upstreamRequest.signal));
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.close()));
    this.pools.clear();
  }

  private pool(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (pool === undefined) {
      pool = new Pool(origin, {
        connect: { timeout: this.options.connectTimeoutMs },
        headersTimeout: this.options.timeoutMs,
        bodyTimeout: this.options.timeoutMs,
        connections: this.options.connectionsPerOrigin,
        keepAliveTimeout: 30_000,
        pipelining: 1,
      });
      this.pools.set(origin, pool);
    }
    return pool;
  }
}

function isAborted(signal: AbortSignal | EventEmitter): boolean {
  return (signal as { aborted?: unknown }).aborted === true;
}

/** Maps a failure talking to the upstream to the catalogue (an abort stays an abort). */
export function upstreamError(error: unknown, aborted = false): unknown {
  if (aborted || ProxyError.isInstance(error)) return error;
  if (error instanceof errors.HeadersTimeoutError || error instanceof errors.BodyTimeoutError) {
    return new ProxyError('LUTHIEN_UPSTREAM_TIMEOUT', undefined, { cause: error });
  }
  if (error instanceof errors.ConnectTimeoutError) {
    return new ProxyError('LUTHIEN_UPSTREAM_UNREACHABLE', 'connection timed out', { cause: error });
  }
  const code = (error as { code?: unknown }).code;
  return new ProxyError('LUTHIEN_UPSTREAM_UNREACHABLE', typeof code === 'string' ? code : undefined, { cause: error });
}
