import type { MockCounters } from './mock-counters.js';
import type { RequestRecorder } from './request-recorder.js';

/** Everything one mock server instance keeps between requests. */
export interface MockServerState {
  readonly counters: MockCounters;
  readonly recorder: RequestRecorder;
  abortedStreams: number;
  /** Set while shutting down, so connections we destroy ourselves are not counted as client aborts. */
  closing: boolean;
}
