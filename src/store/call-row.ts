import type { Insertable } from 'kysely';
import type { CallRecord } from '../core/call-record.js';
import { decodeUtf8 } from '../core/decode-utf8.js';
import type { ColumnCodec } from './column-codec.js';
import type { CallsTable } from './database.js';
import { countOrNull, finiteNumber } from './finite-number.js';
import { interventionCount } from './intervention-count.js';
import { unchangedRequest } from './unchanged-request.js';
import { unchangedResponse } from './unchanged-response.js';

export type CallRow = Omit<Insertable<CallsTable>, 'rid' | 'search'>;

/**
 * The `calls` row of a record: scalar fields as columns, the rest as JSON (`originalRequest`: that
 * column's text, when the caller has it already). What is the same twice is stored once: a final
 * request that is the original itself as `unchangedRequest`, a client response that is the upstream's
 * as `unchangedResponse`. And the original is not serialised at all where the client's own JSON text
 * can be kept.
 */
export function callRow(record: CallRecord, codec: ColumnCodec, originalRequest: string | null = originalRequestColumn(record, codec)): CallRow {
  const { usage, timings } = record;
  const upstreamResponse = codec.json(record.upstreamResponse);
  // Compared as the JSON stored: the same text is the same response, and it costs a serialisation the
  // row may need anyway, where a deep comparison walked both.
  const clientResponse = record.clientResponse === record.upstreamResponse ? upstreamResponse : codec.json(record.clientResponse);
  return {
    call_id: codec.text(record.callId),
    session_id: codec.optionalText(record.sessionId),
    user_id: codec.optionalText(record.userId),
    format: record.format,
    backend: codec.optionalText(record.backend),
    model: codec.optionalText(record.model),
    stream: codec.bool(record.stream),
    status: record.status,
    outcome: record.outcome,
    stop_reason: codec.optionalText(record.stopReason),
    input_tokens: countOrNull(usage.inputTokens),
    output_tokens: countOrNull(usage.outputTokens),
    cache_creation_input_tokens: countOrNull(usage.cacheCreationInputTokens),
    cache_read_input_tokens: countOrNull(usage.cacheReadInputTokens),
    reasoning_tokens: countOrNull(usage.reasoningTokens),
    received_at: record.receivedAt,
    upstream_headers_ms: finiteNumber(timings.upstreamHeaders),
    first_byte_to_client_ms: finiteNumber(timings.firstByteToClient),
    done_ms: finiteNumber(timings.done),
    original_request: originalRequest,
    original_request_parts: null,
    final_request: codec.json(record.finalRequest !== undefined && record.finalRequest === record.originalRequest ? unchangedRequest : record.finalRequest),
    request_headers: codec.json(record.requestHeaders) ?? '{}',
    upstream_response: upstreamResponse,
    client_response: upstreamResponse !== null && clientResponse === upstreamResponse ? codec.json(unchangedResponse) : clientResponse,
    error_code: codec.optionalText(record.error?.code),
    error_message: codec.optionalText(record.error?.message),
    intervention_count: interventionCount(record),
  };
}

function originalRequestColumn(record: CallRecord, codec: ColumnCodec): string | null {
  const bytes = record.originalRequestBytes;
  if (record.originalRequest === undefined || bytes === undefined || codec.jsonText === undefined) return codec.json(record.originalRequest);
  return codec.jsonText(decodeUtf8(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)));
}
