import type { WireFormat } from '../../../src/core/wire-format.js';
import { expectValidOutput } from '../../helpers/validate-output.js';
import type { Exchange } from './http-exchange.js';

/** Checks a finished response with the format's output validator: an event stream as text, anything else as a JSON body. */
export function expectValidResponse(format: WireFormat, response: Exchange): void {
  const stream = /^text\/event-stream/.test(response.headers['content-type'] ?? '');
  expectValidOutput(format, stream ? { stream: true, text: response.text } : { stream: false, body: JSON.parse(response.text) });
}
