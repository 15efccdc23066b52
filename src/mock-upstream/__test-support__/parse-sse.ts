import type { Json } from './json.js';

/** One `event:`/`data:` pair, as the Anthropic Messages and OpenAI Responses streams send them. */
export interface SseEvent {
  readonly event: string;
  readonly data: string;
  readonly json: Json;
}

/** Splits a whole stream into events; anything but exactly one `event:` and one `data:` line is malformed. */
export function parseSse(raw: string): SseEvent[] {
  return raw
    .split('\n\n')
    .filter((chunk) => chunk !== '')
    .map((chunk) => {
      const match = /^event: (\S+)\ndata: ([^\n]*)$/.exec(chunk);
      if (match === null) throw new Error(`malformed SSE event: ${JSON.stringify(chunk)}`);
      const [, event = '', data = ''] = match;
      return { event, data, json: JSON.parse(data) as Json };
    });
}
