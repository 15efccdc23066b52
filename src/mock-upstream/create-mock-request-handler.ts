import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { anthropicErrorJson } from './anthropic-error-json.js';
import { isOpenAIRequest } from './is-openai-request.js';
import type { MockServerState } from './mock-server-state.js';
import { routeAnthropicRequest } from './route-anthropic-request.js';
import { routeOpenAIRequest } from './route-openai-request.js';
import { sendJson } from './send-json.js';

const CONTROL_PREFIX = '/_mock/';

/** Builds the request listener: buffers the body, records the request, then routes it by API family. */
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

  const request = { state, req, res, requestId, method, pathname, bodyText, bodyBytes: body.length };
  if (isOpenAIRequest(pathname, req.headers)) routeOpenAIRequest(request);
  else routeAnthropicRequest(request);
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
