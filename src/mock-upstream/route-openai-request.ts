import { authenticateRequest } from './authenticate-request.js';
import { handleChatCompletions } from './handle-chat-completions.js';
import { handleResponses } from './handle-responses.js';
import { matchModelsRoute } from './match-models-route.js';
import type { MockRequest } from './mock-request.js';
import { OPENAI_MOCK_MODELS, openaiModelListJson } from './openai-models.js';
import { sendOpenAIError, sendOpenAIJson } from './send-openai-json.js';

const POST_ONLY_PATHS: ReadonlySet<string> = new Set(['/v1/chat/completions', '/v1/responses']);

const MISSING_KEY_MESSAGE =
  "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth " +
  '(i.e. Authorization: Bearer YOUR_KEY). You can obtain an API key from https://platform.openai.com/account/api-keys.';

/** The OpenAI Chat Completions and Responses routes, with OpenAI's error shape throughout. */
export function routeOpenAIRequest(request: MockRequest): void {
  const { method, pathname, res, requestId } = request;
  const isChat = method === 'POST' && pathname === '/v1/chat/completions';
  const isResponses = method === 'POST' && pathname === '/v1/responses';
  const models = matchModelsRoute(method, pathname);

  if (!isChat && !isResponses && POST_ONLY_PATHS.has(pathname)) {
    // Codex (built-in provider) first tries `GET /v1/responses` as a WebSocket upgrade; any non-101
    // answer sends it back to SSE over POST, which is what the mock serves.
    sendOpenAIError(res, 405, requestId, { message: `Invalid method for URL (${method} ${pathname})` }, 0, { allow: 'POST' });
    return;
  }
  if (!isChat && !isResponses && models === undefined) {
    sendOpenAIError(res, 404, requestId, { message: `Invalid URL (${method} ${pathname})`, code: null });
    return;
  }

  const authFailure = authenticateRequest(request.req.headers);
  if (authFailure === 'missing') {
    sendOpenAIError(res, 401, requestId, { message: MISSING_KEY_MESSAGE, code: null });
    return;
  }
  if (authFailure === 'invalid') {
    sendOpenAIError(res, 401, requestId);
    return;
  }

  if (isChat) {
    handleChatCompletions(request);
  } else if (isResponses) {
    handleResponses(request);
  } else if (models?.kind === 'list') {
    sendOpenAIJson(res, 200, requestId, openaiModelListJson());
  } else if (models !== undefined) {
    const model = OPENAI_MOCK_MODELS.find((candidate) => candidate.id === models.id);
    if (model === undefined) {
      sendOpenAIError(res, 404, requestId, { message: `The model '${models.id}' does not exist`, param: 'model' });
    } else {
      sendOpenAIJson(res, 200, requestId, JSON.stringify(model));
    }
  }
}
