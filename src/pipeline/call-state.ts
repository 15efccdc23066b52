import type { ServerResponse } from 'node:http';
import type { CallOutcome } from '../core/call-record.js';
import type { StopReason } from '../core/stop-reason.js';
import type { Logger } from '../observability/logger.js';
import type { FormatCodec } from '../formats/format-codec.js';
import { CallAbort } from './call-abort.js';
import type { CallRecording } from './call-recording.js';

/** Milliseconds since the call was received, at each phase. */
export interface CallTimings {
  upstreamHeaders?: number;
  firstByteToClient?: number;
  done?: number;
}

/** What one call knows about itself while it runs; logged once when it ends. */
export interface CallState {
  readonly callId: string;
  readonly receivedAt: number;
  readonly codec: FormatCodec;
  readonly res: ServerResponse;
  readonly abort: CallAbort;
  readonly logger: Logger;
  readonly timings: CallTimings;
  sessionId: string | undefined;
  userId: string | undefined;
  /** The backend's name, once routed. */
  backend: string | undefined;
  model: string | undefined;
  stream: boolean;
  outcome: CallOutcome;
  status: number;
  violations: number;
  /** The stop reason the client was given, once known. */
  stopReason: StopReason | null;
  /** The first error the call met (later ones are its consequences). */
  error: { readonly code: string; readonly message: string } | undefined;
  /** Present when calls are recorded. */
  readonly recording: CallRecording | undefined;
}

/** Notes the call's error, keeping the first one. */
export function noteError(state: CallState, code: string, message: string): void {
  state.error ??= { code, message };
}

export function elapsed(state: CallState): number {
  return Number((performance.now() - state.receivedAt).toFixed(3));
}

/** A new call (its id is the HTTP request's id): its clock, and an abort signal that fires when the client goes away early. */
export function startCall(callId: string, codec: FormatCodec, res: ServerResponse, logger: Logger, recording?: CallRecording): CallState {
  const state: CallState = {
    callId,
    receivedAt: performance.now(),
    codec,
    res,
    abort: new CallAbort(),
    logger,
    timings: {},
    sessionId: undefined,
    userId: undefined,
    backend: undefined,
    model: undefined,
    stream: false,
    outcome: 'completed',
    status: 0,
    violations: 0,
    stopReason: null,
    error: undefined,
    recording,
  };
  res.on('close', () => {
    if (!res.writableFinished) {
      state.outcome = 'aborted';
      state.abort.abort(new Error('client disconnected'));
    }
  });
  return state;
}
