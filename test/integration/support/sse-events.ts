/** One server-sent event: its `event:` name and its `data:` parsed as JSON. */
export interface SseEvent {
  readonly event: string;
  readonly data: Record<string, unknown>;
}

/** Splits an SSE body into events (the test side's own simple reader, independent of the gateway's). */
export function sseEvents(text: string): SseEvent[] {
  return text
    .split(/\r?\n\r?\n/)
    .filter((block) => block.trim() !== '')
    .map((block) => {
      let event = '';
      const data: string[] = [];
      for (const line of block.split(/\r?\n/)) {
        if (line.startsWith('event:')) event = line.slice('event:'.length).trim();
        else if (line.startsWith('data:')) data.push(line.slice('data:'.length).trimStart());
      }
      return { event, data: JSON.parse(data.join('\n')) as Record<string, unknown> };
    });
}

/** The text a stream's `text_delta` events add up to. */
export function streamedText(events: readonly SseEvent[]): string {
  return events
    .map((event) => event.data.delta)
    .filter((delta): delta is Record<string, unknown> => typeof delta === 'object' && delta !== null)
    .map((delta) => (delta.type === 'text_delta' && typeof delta.text === 'string' ? delta.text : ''))
    .join('');
}
