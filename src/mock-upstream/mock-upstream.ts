import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMockRequestHandler } from './create-mock-request-handler.js';
import { MockCounters } from './mock-counters.js';
import type { MockServerState } from './mock-server-state.js';
import { RequestRecorder, type RecordedRequest } from './request-recorder.js';

export type { RecordedRequest } from './request-recorder.js';

export interface MockUpstreamOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly host?: string;
  /** Keep the last 1000 requests for inspection; default true. Turn off for benchmarks. */
  readonly recordRequests?: boolean;
}

/** A running scripted stand-in for the Anthropic Messages, OpenAI Chat Completions and OpenAI Responses APIs. */
export interface MockUpstream {
  /** Base URL to point a client at, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly port: number;
  /** Live list of recorded requests, oldest first. */
  readonly requests: RecordedRequest[];
  /** Streaming replies whose client went away before the stream finished. */
  readonly abortedStreams: number;
  clearRequests(): void;
  close(): Promise<void>;
}

// Longer than common client pools keep idle sockets (undici: 4s), so the server never closes a
// socket a client is about to reuse; that race shows up as spurious resets under benchmark load.
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export async function startMockUpstream(options: MockUpstreamOptions = {}): Promise<MockUpstream> {
  const host = options.host ?? '127.0.0.1';
  const state: MockServerState = {
    counters: new MockCounters(),
    recorder: new RequestRecorder(options.recordRequests ?? true),
    abortedStreams: 0,
    closing: false,
  };
  const server = createServer(createMockRequestHandler(state));
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const port = (server.address() as AddressInfo).port;
  let closed: Promise<void> | undefined;

  return {
    url: `http://${urlHost(host)}:${port}`,
    port,
    requests: state.recorder.requests,
    get abortedStreams() {
      return state.abortedStreams;
    },
    clearRequests: () => {
      state.recorder.clear();
    },
    close: () => {
      closed ??= new Promise<void>((resolve, reject) => {
        state.closing = true;
        server.close((error) => {
          if (error === undefined) resolve();
          else reject(error);
        });
        // Hung and slow streams would otherwise keep close() waiting forever.
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

/** Wildcard addresses are not connectable on every platform; loopback is, and IPv6 needs brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
