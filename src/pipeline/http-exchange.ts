import type { IncomingMessage, ServerResponse } from 'node:http';

/** One HTTP request the pipeline answers: the route has hijacked `res` and read the body. */
export interface HttpExchange {
  /** The request id; returned to the client as `x-luthien-call-id`. */
  readonly callId: string;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly body: Buffer | undefined;
}
