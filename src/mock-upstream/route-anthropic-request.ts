import { anthropicErrorJson } from './anthropic-error-json.js';
import { authenticateRequest } from './authenticate-request.js';
import { countInputTokens } from './count-input-tokens.js';
import { handleMessages } from './handle-messages.js';
import { isJsonObject } from './is-json-object.js';
import { MOCK_MODELS, modelListJson } from './mock-models.js';
import { matchModelsRoute } from './match-models-route.js';
import type { MockRequest } from './mock-request.js';
import { parseJsonOrUndefined } from './parse-json-or-undefined.js';
import { sendJson } from './send-json.js';

/** The Anthropic Messages API routes, and the Anthropic-shaped 404 for anything unknown. */
export function routeAnthropicRequest(request: MockRequest): void {
  const { method, pathname, res, requestId } = request;
  const isMessages = method === 'POST' && pathname === '/v1/messages';
  const isCountTokens = method === 'POST' && pathname === '/v1/messages/count_tokens';
  const models = matchModelsRoute(method, pathname);
  if (!isMessages && !isCountTokens && models === undefined) {
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
  } else if (models?.kind === 'list') {
    sendJson(res, 200, requestId, modelListJson());
  } else if (models !== undefined) {
    const model = MOCK_MODELS.find((candidate) => candidate.id === models.id);
    if (model === undefined) sendJson(res, 404, requestId, anthropicErrorJson(404, `model: ${models.id}`));
    else sendJson(res, 200, requestId, JSON.stringify(model));
  }
}
