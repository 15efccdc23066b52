import { anthropicErrorJson } from './anthropic-error-json.js';
import { authenticateRequest } from './authenticate-request.js';
import { countInputTokens } from './count-input-tokens.js';
import { handleMessages } from './handle-messages.js';
import { isJsonObject } from './is-json-object.js';
import { MOCK_MODELS, modelListJson } from './mock-models.js';
import type { MockRequest } from './mock-request.js';
import { parseJsonOrUndefined } from './parse-json-or-undefined.js';
import { safeDecodeURIComponent } from './safe-decode-uri-component.js';
import { sendJson } from './send-json.js';

const MODEL_PREFIX = '/v1/models/';

/** The Anthropic Messages API routes, and the Anthropic-shaped 404 for anything unknown. */
export function routeAnthropicRequest(request: MockRequest): void {
  const { method, pathname, res, requestId } = request;
  const isMessages = method === 'POST' && pathname === '/v1/messages';
  const isCountTokens = method === 'POST' && pathname === '/v1/messages/count_tokens';
  const isModelList = method === 'GET' && pathname === '/v1/models';
  const isModel = method === 'GET' && pathname.startsWith(MODEL_PREFIX) && pathname.length > MODEL_PREFIX.length;
  if (!isMessages && !isCountTokens && !isModelList && !isModel) {
    sendJson(res, 404, requestId, anthropicErrorJson(404, `Not found: ${method} ${pathname}`));
    return;
  }

  const authFailure = authenticateRequest(request.req.headers);
  if (authFailure !== undefined) {
    const message = authFailure === 'missing' ? 'x-api-key header is required' : 'invalid x-api-key';
    sendJson(res, 401, requestId, anthropicErrorJson(401, message));
    return;
  }

  if (isMessages) {
    handleMessages(request.state, request.req, res, requestId, request.bodyText, request.bodyBytes);
  } else if (isCountTokens) {
    if (!isJsonObject(parseJsonOrUndefined(request.bodyText))) {
      sendJson(res, 400, requestId, anthropicErrorJson(400, 'There was an error parsing the body of your request as JSON.'));
      return;
    }
    sendJson(res, 200, requestId, `{"input_tokens":${countInputTokens(request.bodyBytes)}}`);
  } else if (isModelList) {
    sendJson(res, 200, requestId, modelListJson());
  } else {
    const id = safeDecodeURIComponent(pathname.slice(MODEL_PREFIX.length));
    const model = MOCK_MODELS.find((candidate) => candidate.id === id);
    if (model === undefined) sendJson(res, 404, requestId, anthropicErrorJson(404, `model: ${id}`));
    else sendJson(res, 200, requestId, JSON.stringify(model));
  }
}
