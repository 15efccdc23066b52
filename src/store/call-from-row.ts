import type { Selectable } from 'kysely';
import type { CallOutcome, CallRecord, PolicyEventRecord, RecordedResponse, RecordedUsage } from '../core/call-record.js';
import { isJsonObject, type JsonObject } from '../core/json.js';
import type { StopReason } from '../core/stop-reason.js';
import type { WireFormat } from '../core/wire-format.js';
import type { CallsTable, PolicyEventsTable } from './database.js';
import { decodeBool, decodeJson } from './decode-column.js';
import { joinRequestParts } from './join-request-parts.js';
import type { PartRef } from './request-in-parts.js';
import type { RequestPartsBySession } from './request-parts-of.js';
import { unchangedRequest } from './unchanged-request.js';
import { unchangedResponse } from './unchanged-response.js';

export type CallSelectRow = Omit<Selectable<CallsTable>, 'rid' | 'search'>;

/**
 * A stored call back as the record it was written from (absent fields stay absent). A request stored
 * in parts is joined from `parts` (request-parts-of.ts), which must hold its session's.
 */
export function callFromRow(row: CallSelectRow, events: readonly Selectable<PolicyEventsTable>[], parts?: RequestPartsBySession): CallRecord {
  const stored = decodeJson(row.original_request) ?? undefined;
  const sessionParts = row.session_id === null ? undefined : parts?.get(row.session_id);
  const refs = row.original_request_parts === null ? null : decodeJson(row.original_request_parts);
  const originalRequest = (refs === null ? stored : joinRequestParts(stored, refs, (hash) => sessionParts?.get(hash))) as JsonObject | undefined;
  const finalRequest = decodeJson(row.final_request) ?? undefined;
  const upstreamResponse = (decodeJson(row.upstream_response) ?? undefined) as RecordedResponse | undefined;
  const clientResponse = decodeJson(row.client_response) ?? undefined;
  return {
    callId: row.call_id,
    sessionId: row.session_id ?? undefined,
    userId: row.user_id ?? undefined,
    format: row.format as WireFormat,
    backend: row.backend ?? undefined,
    model: row.model ?? undefined,
    stream: decodeBool(row.stream),
    status: row.status,
    outcome: row.outcome as CallOutcome,
    stopReason: row.stop_reason as StopReason | null,
    usage: defined<RecordedUsage>({
      inputTokens: row.input_tokens,
      outputTokens: row.output_tokens,
      cacheCreationInputTokens: row.cache_creation_input_tokens,
      cacheReadInputTokens: row.cache_read_input_tokens,
      reasoningTokens: row.reasoning_tokens,
    }),
    receivedAt: row.received_at,
    timings: defined<CallRecord['timings']>({ upstreamHeaders: row.upstream_headers_ms, firstByteToClient: row.first_byte_to_client_ms, done: row.done_ms }),
    originalRequest,
    // Stored once when no policy changed it: the very same object, as it was when recorded.
    finalRequest: finalRequest === unchangedRequest ? originalRequest : (finalRequest as JsonObject | undefined),
    requestHeaders: storedHeaders(decodeJson(row.request_headers), sessionParts),
    upstreamResponse,
    // Stored once when the client got what the upstream sent.
    clientResponse: clientResponse === unchangedResponse ? upstreamResponse : (clientResponse as RecordedResponse | undefined),
    policyEvents: events.map(policyEventFromRow),
    error: row.error_code === null ? undefined : { code: row.error_code, message: row.error_message ?? '' },
  };
}

function policyEventFromRow(row: Selectable<PolicyEventsTable>): PolicyEventRecord {
  const data = decodeJson(row.data) as JsonObject | null;
  return {
    policy: row.policy,
    type: row.type,
    ...(row.summary === null ? {} : { summary: row.summary }),
    ...(data === null ? {} : { data }),
    at: row.at,
  };
}

/** The fields that have a value (a record leaves unknown usage and timings out, not null). */
function defined<T extends object>(fields: { [K in keyof T]: number | null }): T {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null)) as T;
}

/**
 * The request headers as stored: the object itself, or the number of the session's part that holds
 * them (headers-part.ts). A part the store no longer holds gives no headers rather than no call.
 */
function storedHeaders(stored: unknown, parts: ReadonlyMap<PartRef, unknown> | undefined): Record<string, string> {
  const headers = typeof stored === 'number' ? parts?.get(stored) : stored;
  return isJsonObject(headers) ? (headers as Record<string, string>) : {};
}
