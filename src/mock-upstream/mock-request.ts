import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MockServerState } from './mock-server-state.js';

/** One buffered request on its way to a route, with everything a route needs to answer it. */
export interface MockRequest {
  readonly state: MockServerState;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly requestId: string;
  readonly method: string;
  /** Path without the query string: clients add flags such as `?beta=true`. */
  readonly pathname: string;
  readonly bodyText: string;
  readonly bodyBytes: number;
}
