import type { StreamPart } from '../../core/stream-part.js';
import type { StreamDecoder } from '../format-codec.js';
import { SseDecoder } from '../sse/sse-decoder.js';
import { OpenAIChatChunkReader } from './openai-chat-chunk-reader.js';

/** Bytes of a Chat Completions stream in, stream parts out; correct at any chunk boundary. */
export class OpenAIChatStreamDecoder implements StreamDecoder {
  private readonly text = new TextDecoder('utf-8');
  private readonly sse = new SseDecoder();
  private readonly reader = new OpenAIChatChunkReader();

  push(chunk: Uint8Array): StreamPart[] {
    const events = this.sse.push(this.text.decode(chunk, { stream: true }));
    return events.length === 0 ? [] : events.flatMap((event) => this.reader.readEvent(event));
  }

  /** Flushes the decoder. Returns the text of an unterminated last event ('' if the stream ended cleanly). */
  end(): string {
    const tail = this.text.decode();
    if (tail !== '') this.sse.push(tail);
    return this.sse.end();
  }
}
