import type { ErrorKind } from './error-kind.js';

interface CatalogueEntry {
  readonly status: number;
  readonly kind: ErrorKind;
  readonly message: string;
  /** One line for docs/errors.md: when it happens and what to do. */
  readonly help: string;
}

/**
 * The catalogue of errors Luthien produces. docs/errors.md has one section per code, in this order;
 * a test keeps the two in step. Upstream errors are relayed as the upstream sent them and are not here.
 */
export const errorCatalogue = {
  LUTHIEN_INVALID_JSON: {
    status: 400,
    kind: 'invalid-request',
    message: 'Request body is not valid JSON',
    help: 'The body could not be parsed as JSON. Send a JSON object.',
  },
  LUTHIEN_UNSUPPORTED_CONTENT_TYPE: {
    status: 415,
    kind: 'invalid-request',
    message: 'Unsupported content type',
    help: 'Model endpoints take `application/json` bodies only.',
  },
  LUTHIEN_INVALID_REQUEST: {
    status: 400,
    kind: 'invalid-request',
    message: 'Invalid request',
    help: 'A required field is missing or has the wrong type; the message names the field.',
  },
  LUTHIEN_TOO_MANY_MESSAGES: {
    status: 400,
    kind: 'invalid-request',
    message: 'Too many messages',
    help: 'The request has more entries in `messages` than `MAX_MESSAGES` allows.',
  },
  LUTHIEN_UNSUPPORTED_WITH_POLICIES: {
    status: 400,
    kind: 'invalid-request',
    message: 'Not supported while policies read responses',
    help: 'The request asks for output the policies cannot see (e.g. Chat Completions `n` above 1), so it would pass unchecked.',
  },
  LUTHIEN_BODY_TOO_LARGE: {
    status: 413,
    kind: 'request-too-large',
    message: 'Request body too large',
    help: 'The body is larger than `MAX_REQUEST_BYTES`. Raise the limit or send less.',
  },
  LUTHIEN_MISSING_CREDENTIAL: {
    status: 401,
    kind: 'authentication',
    message: 'Missing credential',
    help: 'Send a key in `x-api-key` or `Authorization: Bearer`.',
  },
  LUTHIEN_INVALID_PROXY_KEY: {
    status: 401,
    kind: 'authentication',
    message: 'Invalid proxy key',
    help: 'With `AUTH_MODE=proxy_key` the client must present `PROXY_API_KEY`.',
  },
  LUTHIEN_UPSTREAM_KEY_NOT_CONFIGURED: {
    status: 500,
    kind: 'api-error',
    message: 'No upstream key is configured for this backend',
    help: 'The client presented the proxy key, but the server has no key for the backend the call was routed to: set `ANTHROPIC_API_KEY` or `OPENAI_API_KEY`, or `api_key_env` for a backend in the routing file.',
  },
  LUTHIEN_WEBSOCKET_UNSUPPORTED: {
    status: 426,
    kind: 'invalid-request',
    message: 'WebSocket is not supported here; use HTTP streaming',
    help: 'Codex tries a WebSocket upgrade on `GET /v1/responses` first and falls back to streaming over `POST /v1/responses` when it is refused; nothing to do.',
  },
  LUTHIEN_NOT_FOUND: {
    status: 404,
    kind: 'not-found',
    message: 'Not found',
    help: 'No such route on Luthien. Model APIs live under `/v1/`.',
  },
  LUTHIEN_UPSTREAM_UNREACHABLE: {
    status: 502,
    kind: 'bad-gateway',
    message: 'Upstream unreachable',
    help: 'Luthien could not connect to the upstream, or the connection failed before a response. Check the upstream URL and network.',
  },
  LUTHIEN_UPSTREAM_TIMEOUT: {
    status: 504,
    kind: 'timeout',
    message: 'Upstream timed out',
    help: 'The upstream did not answer within `UPSTREAM_TIMEOUT_MS`.',
  },
  LUTHIEN_UPSTREAM_INVALID_RESPONSE: {
    status: 502,
    kind: 'bad-gateway',
    message: 'Upstream sent an invalid response',
    help: 'The upstream answered with a body that is not valid for the API (e.g. not JSON).',
  },
  LUTHIEN_UPSTREAM_STREAM_INTERRUPTED: {
    status: 502,
    kind: 'api-error',
    message: 'Upstream stream ended unexpectedly',
    help: 'The upstream closed the stream before it was complete. After the stream began, clients see this as an in-stream error event.',
  },
  LUTHIEN_ADMIN_CLOSED: {
    status: 403,
    kind: 'permission',
    message: 'The admin API is closed: no ADMIN_API_KEY is configured',
    help: 'Set `ADMIN_API_KEY` and restart to open the admin and history APIs.',
  },
  LUTHIEN_ADMIN_KEY_INVALID: {
    status: 401,
    kind: 'authentication',
    message: 'Missing or invalid admin key',
    help: 'Send `ADMIN_API_KEY` as `Authorization: Bearer <key>` or `x-api-key: <key>`.',
  },
  LUTHIEN_POLICY_CONFIG_INVALID: {
    status: 400,
    kind: 'invalid-request',
    message: 'Invalid policy configuration',
    help: 'A configuration sent to `PUT /api/policy` (or restored by a rollback) does not validate, or `POLICY_DIR` does not load; `problems` lists each with its path.',
  },
  LUTHIEN_POLICY_SOURCE_READ_ONLY: {
    status: 409,
    kind: 'invalid-request',
    message: 'The policy configuration comes from a file here',
    help: 'With `POLICY_SOURCE=file`, or `file-fallback-db` and `POLICY_CONFIG` set, the admin API cannot change the configuration: edit the file and restart, or change `POLICY_SOURCE`.',
  },
  LUTHIEN_POLICY_VERSION_NOT_FOUND: {
    status: 404,
    kind: 'not-found',
    message: 'No such policy configuration version',
    help: 'A rollback named a version that is not stored; `GET /api/policy/history` lists them.',
  },
  LUTHIEN_INTERNAL: {
    status: 500,
    kind: 'api-error',
    message: 'Internal error',
    help: 'A bug in Luthien. Details are in the logs under the call id.',
  },
} as const satisfies Record<string, CatalogueEntry>;

export type ErrorCode = keyof typeof errorCatalogue;
