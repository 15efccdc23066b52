import type { CallRecord, PolicyEventRecord } from '../core/call-record.js';
import type { JsonObject } from '../core/json.js';
import { headersJson } from '../recording/headers-json.js';
import { lastUserText } from '../store/last-user-text.js';
import type { CallState } from './call-state.js';
import { ResponseTap, sameRecordedResponse } from './response-tap.js';

/**
 * What a call gathers for its record while it runs. It exists only when recording is on, so a gateway
 * without a recorder pays nothing for it.
 */
export class CallRecording {
  /** Wall-clock receive time; the call's own clock is monotonic and has no epoch. */
  readonly receivedAt = Date.now();
  originalRequest: JsonObject | undefined;
  /** The bytes `originalRequest` was parsed from: what the recorder hands to its worker thread. */
  originalRequestBytes: Uint8Array | undefined;
  /**
   * What the user wrote in the newest turn (`lastUserText`), taken as the request arrives: the parsed
   * request is in the CPU's caches then, where by the call's end an agent's long request has long left
   * them, and its walk cost several times as much.
   */
  userText: string | undefined;
  finalRequest: JsonObject | undefined;
  requestHeaders: Readonly<Record<string, string>> = {};
  /** Their JSON text, made as they are kept (`keptHeaders`), while they are at hand. */
  requestHeadersJson: string | undefined;
  /** What the upstream sent, before any policy. */
  readonly upstream = new ResponseTap();
  /** What the client received, after the policies and the invariants (see `clientFollowsUpstream`). */
  client = new ResponseTap();
  /**
   * True while the client has received exactly the parts the upstream sent, each the same object (no
   * policy reads the stream, and the invariants changed nothing): `client` is not fed then, and what the
   * client received is what `upstream` folds. Set by a stream relayed as it arrives (`PartSink`);
   * `diverge` ends it.
   */
  clientFollowsUpstream = false;
  /**
   * The upstream's body, when the client got it byte for byte and no policy read it: neither tap is fed,
   * and the recorder folds these bytes off this thread (`CallRecord.upstreamResponseBytes`).
   */
  upstreamBody: Uint8Array | undefined;
  readonly policyEvents: PolicyEventRecord[] = [];

  /** Request headers to keep with the record (the recorder's allow-listed ones). */
  keptHeaders(headers: Readonly<Record<string, string>>): void {
    this.requestHeaders = headers;
    this.requestHeadersJson = headersJson(headers);
  }


  /** From here on the client's parts differ from the upstream's: the client tap starts from what the upstream's has seen. */
  diverge(): void {
    if (!this.clientFollowsUpstream) return;
    this.client = this.upstream.clone();
    this.clientFollowsUpstream = false;
  }

  /** The client's request, parsed from `bytes`, before any policy runs. */
  receivedRequest(request: JsonObject, bytes: Uint8Array): void {
    this.originalRequest = request;
    this.originalRequestBytes = bytes;
    this.userText = lastUserText(request);
  }
}

/** The finished call as a record, once it has ended (without a recording: what the call itself knows). */
export function callRecordOf(state: CallState, recording: CallRecording | undefined): CallRecord {
  const upstream = recording?.upstream.result();
  const folded = recording?.clientFollowsUpstream === true ? upstream : recording?.client.result();
  // One object for both when they say the same: the recorder then sends and stores it once.
  const client = folded !== undefined && upstream !== undefined && (folded === upstream || sameRecordedResponse(folded, upstream)) ? upstream : folded;
  return {
    callId: state.callId,
    sessionId: state.sessionId,
    userId: state.userId,
    format: state.codec.format,
    backend: state.backend,
    model: state.model,
    stream: state.stream,
    status: state.status,
    outcome: state.outcome,
    stopReason: client?.stopReason ?? state.stopReason,
    usage: upstream?.usage ?? client?.usage ?? {},
    receivedAt: recording?.receivedAt ?? Date.now() - (state.timings.done ?? 0),
    // Copied (the call's own object), field by field: a spread into a literal is a runtime call per field.
    timings: { upstreamHeaders: state.timings.upstreamHeaders, firstByteToClient: state.timings.firstByteToClient, done: state.timings.done },
    originalRequest: recording?.originalRequest,
    originalRequestBytes: recording?.originalRequestBytes,
    // The recorder lets the parsed request go before the record is stored: what the search index wants of it travels instead.
    userText: recording?.userText,
    finalRequest: recording?.finalRequest,
    requestHeaders: recording?.requestHeaders ?? {},
    requestHeadersJson: recording?.requestHeadersJson,
    upstreamResponse: upstream,
    clientResponse: client,
    upstreamResponseBytes: recording?.upstreamBody,
    policyEvents: recording?.policyEvents ?? [],
    error: state.error,
  };
}
