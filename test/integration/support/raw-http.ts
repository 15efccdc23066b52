import { connect } from 'node:net';

/**
 * Sends a hand-written HTTP/1.1 request over a plain socket and returns the status code. HTTP client
 * libraries refuse to send hop-by-hop headers (`connection` tokens, `keep-alive`, `transfer-encoding`),
 * which is exactly what a proxy must be tested against. The request must ask for `connection: close`.
 */
export async function rawHttpStatus(baseUrl: string, head: readonly string[], body: Buffer): Promise<number> {
  const { hostname, port } = new URL(baseUrl);
  const response = await new Promise<string>((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.write(Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), body]));
  });
  const match = /^HTTP\/1\.1 (\d{3})/.exec(response);
  if (match?.[1] === undefined) throw new Error(`no HTTP status line in: ${response.slice(0, 200)}`);
  return Number(match[1]);
}

/** `body` in chunked transfer coding, as a single chunk. */
export function chunked(body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')]);
}
