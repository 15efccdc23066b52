/** One server-sent event as it came over the wire. */
export interface SseEvent {
  /** The `event:` field, if any. */
  readonly event: string | undefined;
  /** The `data:` lines joined by newlines ('' when there were none). */
  readonly data: string;
  /** False for an event made only of comments or unknown fields. */
  readonly hasData: boolean;
  /** The exact text of the event, terminating blank line included. */
  readonly raw: string;
}

/**
 * Splits a text stream into server-sent events without losing a byte: every input character ends up
 * in exactly one event's `raw`, so re-emitting the raws reproduces the stream. Feed it text decoded
 * with a streaming `TextDecoder` so multi-byte characters split across chunks are whole.
 *
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */
export class SseDecoder {
  /** Text of the event being read (from its first character on). */
  private buffer = '';
  /** Where the next unread line starts in `buffer`. */
  private lineStart = 0;
  /** Blank lines seen before any field; they belong to the next event's raw. */
  private eventHasContent = false;

  push(text: string): SseEvent[] {
    this.buffer += text;
    const events: SseEvent[] = [];
    const buffer = this.buffer;
    let lineStart = this.lineStart;
    let eventStart = 0;
    // Where the next '\r' is; searched once and reused, so a chunk of many lines is scanned in linear time.
    let carriage = buffer.indexOf('\r', lineStart);
    for (;;) {
      if (carriage !== -1 && carriage < lineStart) carriage = buffer.indexOf('\r', lineStart);
      const end = findLineEnd(buffer, lineStart, carriage);
      if (end === undefined) break;
      const [lineEnd, nextLine] = end;
      if (lineEnd === lineStart) {
        // A blank line ends the event, unless nothing came before it.
        if (this.eventHasContent) {
          events.push(parseEvent(buffer.slice(eventStart, nextLine)));
          eventStart = nextLine;
          this.eventHasContent = false;
        }
      } else {
        this.eventHasContent = true;
      }
      lineStart = nextLine;
    }
    this.buffer = eventStart === 0 ? buffer : buffer.slice(eventStart);
    this.lineStart = lineStart - eventStart;
    return events;
  }

  /** Text left over at the end of the stream: an event that was never terminated ('' if none). */
  end(): string {
    const rest = this.buffer;
    this.buffer = '';
    this.lineStart = 0;
    this.eventHasContent = false;
    return rest;
  }
}

/**
 * Finds the end of the line starting at `from`, given the position of the next '\r' at or after it (-1 if
 * none): returns [end of line, start of next line], or
 * undefined when the line is not complete yet. A trailing '\r' might be half of '\r\n', so it waits.
 */
function findLineEnd(text: string, from: number, carriage: number): [number, number] | undefined {
  const newline = text.indexOf('\n', from);
  if (carriage === -1 || (newline !== -1 && newline < carriage)) {
    return newline === -1 ? undefined : [newline, newline + 1];
  }
  if (carriage + 1 >= text.length) return undefined;
  return text.charCodeAt(carriage + 1) === 10 ? [carriage, carriage + 2] : [carriage, carriage + 1];
}

function parseEvent(raw: string): SseEvent {
  let event: string | undefined;
  let data: string | undefined;
  for (const line of lines(raw)) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data = data === undefined ? value : `${data}\n${value}`;
  }
  return { event, data: data ?? '', hasData: data !== undefined, raw };
}

/** The lines of an event; scanned by hand because a regex split costs more on this hot path. */
function lines(raw: string): string[] {
  if (raw.includes('\r')) return raw.split(/\r\n|\r|\n/);
  const out: string[] = [];
  let from = 0;
  for (let newline = raw.indexOf('\n'); newline !== -1; newline = raw.indexOf('\n', from)) {
    out.push(raw.slice(from, newline));
    from = newline + 1;
  }
  if (from < raw.length) out.push(raw.slice(from));
  return out;
}
