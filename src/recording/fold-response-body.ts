import type { RecordedResponse } from '../core/call-record.js';
import { isJsonObject, safeParseJson } from '../core/json.js';
import type { WireFormat } from '../core/wire-format.js';
import { codecForFormat } from '../history/codec-for-format.js';
import { ResponseTap } from '../pipeline/response-tap.js';

/**
 * An upstream's non-streamed JSON body folded for the record, as the pipeline folds what it relays:
 * done by the recorder's worker for a body the client got byte for byte (`CallRecord.upstreamResponseBytes`),
 * so that the thread serving calls does not parse it again. Undefined when the body is not a JSON object.
 */
export function foldResponseBody(format: WireFormat, body: Buffer): RecordedResponse | undefined {
  const parsed = safeParseJson(body.toString('utf8'));
  if (!parsed.ok || !isJsonObject(parsed.value)) return undefined;
  const tap = new ResponseTap();
  tap.observe(codecForFormat(format).decodeResponse(parsed.value));
  return tap.result();
}
