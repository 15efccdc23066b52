import type { IncomingHttpHeaders, IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { anthropicErrorJson } from './anthropic-error-json.js';
import { countInputTokens } from './count-input-tokens.js';
import { isJsonObject } from './is-json-object.js';
import { handleMessages } from './handle-messages.js';
import { MOCK_MODELS, modelListJson } from './mock-models.js';
import type { MockServerState } from './mock-server-state.js';
import { parseJsonOrUndefined } from './parse-json-or-undefined.js';
import { sendJson } from './send-json.js';

const CONTROL_PREFIX = '/_mock/';
const MODEL_PREFIX = '/v1/models/';

/** Builds the request listener: buffers the body, records the request, then routes it. */
export function createMockRequestHandler(state: MockServerState): RequestListener {
  return (req, res) => {
    const requestId = state.counters.nextRequestId();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A client that disconnects mid-upload is not an error worth surfacing: there is no one to answer.
    req.on('error', () => undefined);
    req.on('end', () => {
      const body = chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks);
      route(state, req, res, requestId, body);
    });
  };
}

function route(state: MockServerState, req: IncomingMessage, res: ServerResponse, requestId: string, body: Buffer): void {
  const method = req.method ?? 'GET';
  const rawPath = req.url ?? '/';
  const queryStart = rawPath.indexOf('?');
  // Routing ignores the query string: clients add flags such as `?beta=true`.
  const pathname = queryStart === -1 ? rawPath : rawPath.slice(0, queryStart);

  if (pathname.startsWith(CONTROL_PREFIX)) {
    handleControl(state, method, pathname, res, requestId);
    return;
  }

  const bodyText = body.toString('utf8');
  state.recorder.record(method, rawPath, req.headers, bodyText);

  if (method === 'HEAD') {
    // Some clients probe the base URL with HEAD /; the API answers 404 with no body.
    res.writeHead(404, { 'content-length': 0, 'request-id': requestId });
    res.end();
    return;
  }

  const isMessages = method === 'POST' && pathname === '/v1/messages';
  const isCountTokens = method === 'POST' && pathname === '/v1/messages/count_tokens';
  const isModelList = method === 'GET' && pathname === '/v1/models';
  const isModel = method === 'GET' && pathname.startsWith(MODEL_PREFIX) && pathname.length > MODEL_PREFIX.length;
  if (!isMessages && !isCountTokens && !isModelList && !isModel) {
    sendJson(res, 404, requestId, anthropicErrorJson(404, `Not found: ${method} ${pathname}`));
    return;
  }

  const authFailure = authenticate(req.headers);
  if (authFailure !== undefined) {
    sendJson(res, 401, requestId, anthropicErrorJson(401, authFailure));
    return;
  }

  if (isMessages) {
    handleMessages(state, req, res, requestId, bodyText, body.length);
  } else if (isCountTokens) {
    if (!isJsonObject(parseJsonOrUndefined(bodyText))) {
      sendJson(res, 400, requestId, anthropicErrorJson(400, 'There was an error parsing the body of your request as JSON.'));
      return;
    }
    sendJson(res, 200, requestId, `{"input_tokens":${countInputTokens(body.length)}}`);
  } else if (isModelList) {
    sendJson(res, 200, requestId, modelListJson());
  } else {
    const id = safeDecode(pathname.slice(MODEL_PREFIX.length));
    const model = MOCK_MODELS.find((candidate) => candidate.id === id);
    if (model === undefined) sendJson(res, 404, requestId, anthropicErrorJson(404, `model: ${id}`));
    else sendJson(res, 200, requestId, JSON.stringify(model));
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Returns why the request is unauthenticated, or undefined when it may proceed. */
function authenticate(headers: IncomingHttpHeaders): string | undefined {
  const apiKey = headers['x-api-key'];
  const authorization = headers.authorization;
  const bearer = authorization?.replace(/^Bearer\s+/i, '');
  if ((apiKey === undefined || apiKey === '') && (bearer === undefined || bearer === '')) {
    return 'x-api-key header is required';
  }
  // One reserved value lets tests exercise the rejected-credentials path without a real key.
  if (apiKey === 'invalid-key' || bearer === 'invalid-key') return 'invalid x-api-key';
  return undefined;
}

/** Out-of-process access to what the in-process API offers (recorded requests, abort count). */
function handleControl(state: MockServerState, method: string, pathname: string, res: ServerResponse, requestId: string): void {
  if (pathname === '/_mock/requests' && method === 'GET') {
    sendJson(res, 200, requestId, JSON.stringify(state.recorder.requests));
  } else if (pathname === '/_mock/requests' && method === 'DELETE') {
    sendJson(res, 200, requestId, JSON.stringify({ cleared: state.recorder.clear() }));
  } else if (pathname === '/_mock/stats' && method === 'GET') {
    sendJson(
      res,
      200,
      requestId,
      JSON.stringify({ abortedStreams: state.abortedStreams, recordedRequests: state.recorder.requests.length }),
    );
  } else {
    sendJson(res, 404, requestId, anthropicErrorJson(404, `Not found: ${method} ${pathname}`));
  }
}
