import type { StreamPart } from '../../core/stream-part.js';
import { SseDecoder } from '../sse/sse-decoder.js';
import { decodeAnthropicEvent } from './decode-anthropic-event.js';

/** Bytes of an Anthropic event stream in, stream parts out; correct at any chunk boundary. */
export class AnthropicStreamDecoder {
  private readonly text = new TextDecoder('utf-8');
  private readonly sse = new SseDecoder();

  push(chunk: Uint8Array): StreamPart[] {
    const events = this.sse.push(this.text.decode(chunk, { stream: true }));
    return events.length === 0 ? [] : events.map(decodeAnthropicEvent);
  }

  /** Flushes the decoder. Returns the text of an unterminated last event ('' if the stream ended cleanly). */
  end(): string {
    const tail = this.text.decode();
    if (tail !== '') this.sse.push(tail);
    return this.sse.end();
  }
}
