import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** Sends a JSON body with an exact content-length, optionally after a scripted delay. */
export function sendJson(
  res: ServerResponse,
  status: number,
  requestId: string,
  body: string,
  extraHeaders: OutgoingHttpHeaders = {},
  delayMs = 0,
): void {
  const send = (): void => {
    if (res.destroyed) return;
    res.writeHead(status, {
      ...extraHeaders,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      'request-id': requestId,
    });
    res.end(body);
  };
  if (delayMs <= 0) {
    send();
    return;
  }
  const timer = setTimeout(send, delayMs);
  res.on('close', () => clearTimeout(timer));
}
