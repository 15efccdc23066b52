import type { ColumnType, Generated } from 'kysely';

/**
 * The store's tables as Kysely sees them, for both dialects. Where the dialects differ in how a value
 * comes back (SQLite has no booleans, JSON or arrays), the select type is the union and the readers
 * decode it (`decode-column.ts`); writers encode through `columnCodec`.
 */
export interface Database {
  calls: CallsTable;
  policy_events: PolicyEventsTable;
  sessions: SessionsTable;
  /** SQLite only: FTS5 over each call's searchable text, rowid = `calls.rid`. */
  calls_fts: CallsFtsTable;
  /** Every version of the policy configuration set through the admin API; the highest is in force. */
  policy_configs: PolicyConfigsTable;
  /** The large pieces of a session's original requests, once per session (split-request.ts). */
  request_parts: RequestPartsTable;
  /** Counters the store keeps about itself, by name. */
  store_meta: StoreMetaTable;
}

/** JSON: text in SQLite, jsonb in Postgres (which the driver returns parsed). Written as JSON text. */
type JsonColumn = ColumnType<unknown, string | null, string | null>;
type JsonColumnNotNull = ColumnType<unknown, string, string>;

export interface CallsTable {
  /** SQLite only: a stable integer key (survives VACUUM) that the FTS rows point at. */
  rid: Generated<number>;
  call_id: string;
  session_id: string | null;
  user_id: string | null;
  format: string;
  backend: string | null;
  model: string | null;
  /** 0/1 in SQLite, boolean in Postgres. */
  stream: ColumnType<number | boolean, number | boolean, number | boolean>;
  status: number;
  outcome: string;
  stop_reason: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cache_creation_input_tokens: number | null;
  cache_read_input_tokens: number | null;
  reasoning_tokens: number | null;
  /** Epoch milliseconds. */
  received_at: number;
  upstream_headers_ms: number | null;
  first_byte_to_client_ms: number | null;
  done_ms: number | null;
  /**
   * The client's request, or, when `original_request_parts` is set, its skeleton: the request with
   * `null` where each part was (join-request-parts.ts).
   */
  original_request: JsonColumn;
  /** Which part goes where (`RequestPartRefs`, request-in-parts.ts); NULL when the request is whole. */
  original_request_parts: JsonColumn;
  /** NULL when no upstream call was made; `true` when it was the original (unchanged-request.ts). */
  final_request: JsonColumn;
  request_headers: JsonColumnNotNull;
  upstream_response: JsonColumn;
  client_response: JsonColumn;
  error_code: string | null;
  error_message: string | null;
  intervention_count: number;
  /** Postgres only: `to_tsvector('simple', …)` of the call's searchable text. */
  search: ColumnType<unknown, unknown, unknown>;
}

export interface PolicyEventsTable {
  id: Generated<number>;
  call_id: string;
  /** Order of the event within its call. */
  seq: number;
  policy: string;
  type: string;
  summary: string | null;
  data: JsonColumn;
  /** Milliseconds since the call was received. */
  at: number;
}

export interface SessionsTable {
  session_id: string;
  user_id: string | null;
  first_at: number;
  last_at: number;
  call_count: number;
  intervention_count: number;
  /** Distinct models used, sorted: JSON text array in SQLite, text[] in Postgres. */
  models: ColumnType<unknown, string | readonly string[], string | readonly string[]>;
  last_model: string | null;
}

export interface CallsFtsTable {
  rowid: number;
  content: string;
}

export interface PolicyConfigsTable {
  /** Increases with each version; never reused. */
  version: Generated<number>;
  /** The configuration document as it was given (YAML, or JSON). */
  document: string;
  /** Epoch milliseconds. */
  created_at: number;
  /** Who set it: `admin` (the admin key), or `cli:<user>`. */
  created_by: string;
  comment: string | null;
  /** Set when this version is a rollback: the version whose document it restored. */
  restored_from: number | null;
}

export interface RequestPartsTable {
  session_id: string;
  /** Digest of the part's text as the client sent it (`requestPartHash`, request-part-hash.ts). */
  hash: string;
  /** The part's JSON, redacted. */
  body: JsonColumnNotNull;
  /**
   * The part's number in its session, from 1 in the order parts were first stored: what calls' rows
   * refer to it by. Null for a part stored before parts were numbered and not referred to since.
   */
  seq: number | null;
}

export interface StoreMetaTable {
  key: string;
  value: number;
}
