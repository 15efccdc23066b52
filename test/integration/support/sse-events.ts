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

/**
 * Checks the Anthropic stream grammar: one message_start first; blocks opened with contiguous indices
 * from 0, each delta inside an open block, each block closed; one message_delta after the last block;
 * message_stop last. Returns the problems found (none for a valid stream).
 */
export function anthropicStreamProblems(events: readonly SseEvent[]): string[] {
  const problems: string[] = [];
  const open = new Set<number>();
  let nextIndex = 0;
  let messageDeltas = 0;
  const names = events.map((event) => event.event).filter((name) => name !== 'ping');
  if (names[0] !== 'message_start') problems.push(`first event is ${names[0] ?? 'missing'}`);
  if (names.at(-1) !== 'message_stop') problems.push(`last event is ${names.at(-1) ?? 'missing'}`);
  if (names.filter((name) => name === 'message_start').length !== 1) problems.push('message_start count is not 1');
  for (const { event, data } of events) {
    const index = data.index;
    switch (event) {
      case 'content_block_start':
        if (index !== nextIndex) problems.push(`block started at ${String(index)}, expected ${nextIndex}`);
        if (messageDeltas > 0) problems.push('block after message_delta');
        open.add(nextIndex);
        nextIndex += 1;
        break;
      case 'content_block_delta':
        if (typeof index !== 'number' || !open.has(index)) problems.push(`delta for closed block ${String(index)}`);
        break;
      case 'content_block_stop':
        if (typeof index !== 'number' || !open.delete(index)) problems.push(`stop for closed block ${String(index)}`);
        break;
      case 'message_delta':
        messageDeltas += 1;
        if (open.size > 0) problems.push('message_delta with open blocks');
        break;
      default:
        break;
    }
  }
  if (messageDeltas !== 1) problems.push(`${messageDeltas} message_delta events`);
  return problems;
}

/** The text a stream's `text_delta` events add up to. */
export function streamedText(events: readonly SseEvent[]): string {
  return events
    .map((event) => event.data.delta)
    .filter((delta): delta is Record<string, unknown> => typeof delta === 'object' && delta !== null)
    .map((delta) => (delta.type === 'text_delta' && typeof delta.text === 'string' ? delta.text : ''))
    .join('');
}
