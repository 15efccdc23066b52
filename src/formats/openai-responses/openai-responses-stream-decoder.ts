import { isJsonObject, safeParseJson, type JsonObject } from '../../core/json.js';
import type { Origin } from '../../core/origin.js';
import type { StreamPart } from '../../core/stream-part.js';
import type { StreamDecoder } from '../format-codec.js';
import { SseDecoder, type SseEvent } from '../sse/sse-decoder.js';
import { OpenAIResponsesEventDecoder } from './decode-openai-responses-event.js';

/**
 * Bytes of a Responses event stream in, stream parts out; correct at any chunk boundary. Every part
 * keeps its event's exact text, so an unmodified part is re-emitted byte for byte. Events that carry
 * no JSON (comments, keep-alives) become passthrough parts too: nothing is dropped.
 *
 * @see https://platform.openai.com/docs/guides/streaming-responses
 */
export class OpenAIResponsesStreamDecoder implements StreamDecoder {
  private readonly text = new TextDecoder('utf-8');
  private readonly sse = new SseDecoder();
  private readonly events = new OpenAIResponsesEventDecoder();

  push(chunk: Uint8Array): StreamPart[] {
    const events = this.sse.push(this.text.decode(chunk, { stream: true }));
    if (events.length === 0) return [];
    return events.length === 1 ? this.decodeSse(events[0] as SseEvent) : events.flatMap((event) => this.decodeSse(event));
  }

  /** Flushes the decoder. Returns the text that never became parts ('' if the stream ended cleanly). */
  end(): string {
    const tail = this.text.decode();
    if (tail !== '') this.sse.push(tail);
    return this.events.heldRaw() + this.sse.end();
  }

  private decodeSse(event: SseEvent): StreamPart[] {
    const parsed = event.hasData ? safeParseJson(event.data) : undefined;
    const data: JsonObject = parsed?.ok === true && isJsonObject(parsed.value) ? parsed.value : {};
    const origin: Origin = { format: 'openai-responses', data, raw: event.raw };
    const type = typeof data.type === 'string' ? data.type : (event.event ?? '');
    return this.events.decode(type, data, origin);
  }
}
