import type { TestGateway } from '../../helpers/start-test-gateway.js';
import { headerText, type Exchange } from './http-exchange.js';
import { waitFor } from './wait-for.js';

/** The `call` log line the gateway wrote for `response` (found by its `x-luthien-call-id`). */
export function callLogOf(gateway: TestGateway, response: Exchange): Promise<Record<string, unknown>> {
  const callId = headerText(response.headers, 'x-luthien-call-id');
  if (callId === undefined) throw new Error(`no x-luthien-call-id on a ${response.status} response`);
  return waitFor(() => gateway.logs.find((line) => line.msg === 'call' && line.callId === callId), 2000, `the call log of ${callId}`);
}
