import { SseDecoder } from './sse/sse-decoder.js';

/**
 * One way a finished response breaks its format's rules, found by a format's output validator
 * (`validate-<format>-output.ts`). `rule` is a short kebab-case name tests can match on; `detail` says
 * where (which event) and what, for a human.
 */
export interface OutputViolation {
  readonly rule: string;
  readonly detail: string;
}

/** A server-sent event that carried data, numbered among those from 0. */
export interface NumberedSseEvent {
  /** Position among the events that carried data (comment-only events are not counted). */
  readonly position: number;
  /** The `event:` field, if any. */
  readonly name: string | undefined;
  readonly data: string;
}

/**
 * Splits a whole SSE text into its data-bearing events. An event cut off before its terminating blank
 * line is reported, not returned: an EventSource client discards it, so whatever it said never arrived.
 *
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */
export function readSseEvents(text: string, violations: OutputViolation[]): NumberedSseEvent[] {
  const decoder = new SseDecoder();
  const events = decoder
    .push(text)
    .filter((event) => event.hasData)
    .map((event, position) => ({ position, name: event.event, data: event.data }));
  const leftover = decoder.end();
  const meaningful = leftover.split(/\r\n|\r|\n/).some((line) => line !== '' && !line.startsWith(':'));
  if (meaningful) {
    violations.push({ rule: 'unterminated-event', detail: `the stream ends inside an event (no blank line after it): ${clip(leftover)}` });
  }
  return events;
}

/** True when `text` is JSON (any value). */
export function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** A value shortened for a violation detail, so one huge event does not flood a log line. */
export function clip(value: unknown, max = 120): string {
  // JSON.stringify gives undefined (despite its type) for undefined.
  const text = typeof value === 'string' ? value : value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
