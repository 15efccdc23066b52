import { connect } from 'node:net';

/** An HTTP/1.1 response read off a plain socket: status, headers (names lower-cased) and body text. */
export interface RawHttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * Sends a hand-written request (no body) over a plain socket and reads the answer until the server
 * closes the connection. HTTP client libraries handle `Upgrade` themselves; a raw socket shows what the
 * server really answers to a WebSocket handshake.
 */
export async function rawHttpResponse(baseUrl: string, head: readonly string[]): Promise<RawHttpResponse> {
  const { hostname, port } = new URL(baseUrl);
  const text = await new Promise<string>((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.write(`${head.join('\r\n')}\r\n\r\n`, 'latin1');
  });
  const [headText = '', ...rest] = text.split('\r\n\r\n');
  const [statusLine = '', ...headerLines] = headText.split('\r\n');
  const match = /^HTTP\/1\.1 (\d{3})/.exec(statusLine);
  if (match?.[1] === undefined) throw new Error(`no HTTP status line in: ${text.slice(0, 200)}`);
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(match[1]), headers, body: rest.join('\r\n\r\n') };
}
