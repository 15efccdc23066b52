import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** How a scripted stream ends: normally, by cutting the connection, or not at all. */
export type StreamEnding = 'end' | 'destroy' | 'hang';

export interface EventStreamOptions {
  readonly requestId: string;
  /** Extra response headers, such as OpenAI's `x-request-id`. */
  readonly headers?: OutgoingHttpHeaders;
  /** Pause between writes; 0 means the whole stream goes out in one write. */
  readonly delayMs: number;
  /** Cut each event inside its first multi-byte character so clients must reassemble UTF-8 across reads. */
  readonly splitMultiByte: boolean;
  readonly ending: StreamEnding;
  /** Called when the client leaves before the stream finished (not when the server cuts it on purpose). */
  readonly onClientAbort: () => void;
}

// Separate writes issued back to back are usually coalesced on loopback; a short pause keeps them apart.
const SPLIT_WRITE_GAP_MS = 1;

export function writeEventStream(res: ServerResponse, events: readonly string[], options: EventStreamOptions): void {
  let destroyedByServer = false;
  let timer: NodeJS.Timeout | undefined;
  res.on('close', () => {
    if (timer !== undefined) clearTimeout(timer);
    if (!res.writableFinished && !destroyedByServer) options.onClientAbort();
  });
  res.writeHead(200, {
    ...options.headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'request-id': options.requestId,
  });

  const finishAfter = (chunk: string | Buffer): void => {
    if (options.ending === 'end') {
      res.end(chunk);
    } else if (options.ending === 'destroy') {
      // Destroy only once the bytes reached the socket, so the client does see the partial stream.
      res.write(chunk, () => {
        destroyedByServer = true;
        res.destroy();
      });
    } else {
      res.write(chunk);
    }
  };

  // The common, benchmarked path: one write for the whole stream keeps the mock's cost negligible.
  if (options.delayMs === 0 && !options.splitMultiByte) {
    finishAfter(events.join(''));
    return;
  }

  const chunks = options.splitMultiByte ? events.flatMap(splitInsideMultiByte) : events;
  const gap = Math.max(options.delayMs, options.splitMultiByte ? SPLIT_WRITE_GAP_MS : 0);
  let next = 0;
  const writeNext = (): void => {
    timer = undefined;
    if (res.destroyed) return;
    const chunk = chunks[next];
    next += 1;
    if (chunk === undefined) return;
    if (next === chunks.length) {
      finishAfter(chunk);
      return;
    }
    res.write(chunk);
    timer = setTimeout(writeNext, gap);
  };
  writeNext();
}

function splitInsideMultiByte(event: string): (string | Buffer)[] {
  const bytes = Buffer.from(event, 'utf8');
  if (bytes.length === event.length) return [event];
  // A byte >= 0xC0 starts a multi-byte sequence; cutting right after it leaves the character split in two.
  const lead = bytes.findIndex((byte) => byte >= 0xc0);
  if (lead === -1) return [event];
  return [bytes.subarray(0, lead + 1), bytes.subarray(lead + 1)];
}
