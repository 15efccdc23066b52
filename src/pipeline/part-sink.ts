import type { OutgoingHttpHeaders } from 'node:http';
import { ProxyError } from '../core/proxy-error.js';
import type { ErrorPart, StreamPart } from '../core/stream-part.js';
import type { StreamEncoder, StreamInvariants } from '../formats/format-codec.js';
import type { CallRecording } from './call-recording.js';
import { elapsed, noteError, type CallState } from './call-state.js';
import { logOutputViolations } from './log-output-violations.js';
import { sendErrorBody, sendProxyError } from './send-error.js';
import { writeChunk } from './write-chunk.js';

/**
 * The client end of a streamed response. Parts go through the format's invariants and encoder; the
 * response headers are held until the first meaningful part, so an upstream that answers 200 and then
 * fails before any content still gives the client a real HTTP error status.
 */
export class PartSink {
  private committed = false;
  private held = '';
  private readonly encoder: StreamEncoder;
  /** Everything sent, kept only for `STREAM_VALIDATION=log`. */
  private sent: string | undefined;
  /** `accept` is given the upstream's own parts, which no policy reads: see the constructor. */
  private readonly relaysUpstream: boolean;

  /**
   * With `relaysUpstream`, `accept` is given the upstream's parts as they arrive, with no policy between:
   * the sink then feeds the recording's upstream tap itself, every part once, and the client's tap only
   * from the first part the invariants change (`CallRecording.clientFollowsUpstream`), so a stream
   * relayed as it came is folded once, not twice.
   */
  constructor(
    private readonly state: CallState,
    private readonly invariants: StreamInvariants,
    private readonly headers: OutgoingHttpHeaders,
    options: { readonly validate?: boolean; readonly relaysUpstream?: boolean } = {},
  ) {
    this.encoder = state.codec.createEncoder();
    if (options.validate === true) this.sent = '';
    this.relaysUpstream = options.relaysUpstream === true;
    if (this.relaysUpstream && state.recording !== undefined) state.recording.clientFollowsUpstream = true;
  }

  /** Sends parts; resolves false when the client is gone or an early error was already answered. */
  accept(parts: readonly StreamPart[]): Promise<boolean> {
    return this.send(parts, this.relaysUpstream);
  }

  /** `accept`, for parts from the upstream (`fromUpstream`, relayed as they came) or made here. */
  private async send(parts: readonly StreamPart[], fromUpstream: boolean): Promise<boolean> {
    const recording = this.state.recording;
    let out = '';
    let folded = 0;
    try {
      for (const part of parts) {
        const valids = this.invariants.apply(part);
        if (recording !== undefined) fold(recording, fromUpstream ? part : undefined, valids);
        folded += 1;
        for (const valid of valids) {
          if (!this.committed) {
            if (valid.type === 'error') {
              this.answerWithStatus(valid);
              return false;
            }
            if (isMeaningful(valid)) this.commit();
          } else if (valid.type === 'error') {
            // An error after the stream began ends it: the call did not complete.
            this.state.outcome = valid.origin === undefined ? 'failed' : 'upstream-error';
            noteError(this.state, valid.origin === undefined ? 'LUTHIEN_STREAM_ERROR' : 'UPSTREAM_STREAM_ERROR', valid.message);
          }
          if (valid.type === 'message-delta') this.state.stopReason = valid.stopReason;
          out += this.encoder.encode(valid);
        }
      }
    } finally {
      // The upstream sent them all, answered or not: its tap sees the rest of what arrived.
      if (fromUpstream && recording !== undefined) {
        for (let rest = folded; rest < parts.length; rest++) {
          const part = parts[rest];
          if (part !== undefined) recording.upstream.add(part);
        }
      }
    }
    out += this.encoder.flush();
    if (this.sent !== undefined) this.sent += out;
    if (!this.committed) {
      this.held += out;
    } else if (out !== '' && !(await writeChunk(this.state.res, out))) {
      return false;
    }
    return !this.state.res.destroyed;
  }

  /** Ends the response. If the message is incomplete the client gets `error` (a status, or an in-stream event). */
  async finish(error?: unknown): Promise<void> {
    const { res } = this.state;
    if (res.writableEnded || res.destroyed) return;
    if (!this.invariants.isEnded) {
      const failure = ProxyError.isInstance(error) ? error : new ProxyError('LUTHIEN_UPSTREAM_STREAM_INTERRUPTED', undefined, { cause: error });
      if (!this.committed) {
        sendProxyError(this.state, failure);
        return;
      }
      this.state.logger.warn({ callId: this.state.callId, code: failure.code, err: failure.cause }, failure.message);
      noteError(this.state, failure.code, failure.message);
      this.state.outcome = 'failed';
      await this.send([{ type: 'error', kind: failure.kind, message: failure.message }], false);
    }
    if (!this.committed) this.commit();
    res.end();
    if (this.sent !== undefined) logOutputViolations(this.state, { stream: true, text: this.sent });
  }

  private commit(): void {
    this.committed = true;
    const { res } = this.state;
    this.state.status = 200;
    res.writeHead(200, { ...this.headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    if (this.held !== '') {
      res.write(this.held);
      this.held = '';
    }
    this.state.timings.firstByteToClient ??= elapsed(this.state);
  }

  /** An error before any content: relay it as an HTTP error, with the upstream's own error body when there is one. */
  private answerWithStatus(part: ErrorPart): void {
    const status = this.state.codec.errorStatus(part);
    this.state.outcome = 'upstream-error';
    noteError(this.state, 'UPSTREAM_STREAM_ERROR', part.message);
    const body = this.state.codec.upstreamErrorBody(part);
    if (body !== undefined) {
      this.state.status = status;
      this.state.res.writeHead(status, { ...this.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      this.state.res.end(body);
      return;
    }
    sendErrorBody(this.state, status, part.kind, part.message);
  }
}

/**
 * Folds a part into the recording's taps: `upstreamPart` (when the sink relays the upstream's parts)
 * into the upstream's, and what the invariants made of it, `valids`, into the client's, unless the client
 * still follows the upstream and got that very part alone.
 */
function fold(recording: CallRecording, upstreamPart: StreamPart | undefined, valids: readonly StreamPart[]): void {
  if (upstreamPart !== undefined && recording.clientFollowsUpstream && valids.length === 1 && valids[0] === upstreamPart) {
    recording.upstream.add(upstreamPart);
    return;
  }
  recording.diverge();
  if (upstreamPart !== undefined) recording.upstream.add(upstreamPart);
  for (const valid of valids) recording.client.add(valid);
}

/** Parts that carry content or end the message; `message_start` and pings alone do not commit the response. */
function isMeaningful(part: StreamPart): boolean {
  return part.type !== 'message-start' && !(part.type === 'passthrough' && part.index === undefined);
}
