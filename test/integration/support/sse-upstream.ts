import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SseUpstream {
  readonly url: string;
  /** Request bodies received, oldest first. */
  readonly requests: { readonly path: string; readonly headers: IncomingHttpHeaders; readonly body: string }[];
  close(): Promise<void>;
}

export interface SseUpstreamScript {
  /** The event-stream text written in one piece, whatever the request asked for. */
  readonly events: string;
  /** Destroy the socket after writing instead of ending the response (a dropped connection). */
  readonly destroy?: boolean;
}

/**
 * An upstream that answers every request with one fixed event stream, even to a client that asked
 * for JSON: some compatible servers stream regardless, and that is the only way a non-streaming
 * client can meet a failure that exists only in streams.
 */
export async function startSseUpstream(script: SseUpstreamScript): Promise<SseUpstream> {
  const requests: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
      res.write(script.events);
      if (script.destroy === true) res.destroy();
      else res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}
