import { directiveProblem } from './directive-problem.js';
import { headerText } from './header-text.js';
import { isJsonObject, type JsonObject } from './is-json-object.js';
import type { MockDirectives } from './mock-directives.js';
import type { MockRequest } from './mock-request.js';
import { OPENAI_INVALID_JSON_MESSAGE } from './openai-invalid-json-message.js';
import type { OpenAIRequestView } from './openai-request-view.js';
import { openaiStreamScript, streamEndingFor, type OpenAIStreamScript } from './openai-stream-script.js';
import { parseJsonOrUndefined } from './parse-json-or-undefined.js';
import { requestDirectives } from './request-directives.js';
import { openaiHeaders, sendOpenAIError, sendOpenAIJson } from './send-openai-json.js';
import { writeEventStream } from './write-event-stream.js';

/** What sets one OpenAI API apart; parsing, directives, errors, hanging and pacing are the same for both. */
export interface OpenAIEndpoint<View extends OpenAIRequestView, Reply> {
  readonly readRequest: (body: JsonObject) => View;
  /** Built before streaming is decided, so a reply draws the same ids streamed or not. */
  readonly buildReply: (view: View, directives: MockDirectives, request: MockRequest) => Reply;
  readonly renderJson: (reply: Reply, view: View) => string;
  readonly renderEvents: (reply: Reply, view: View, directives: MockDirectives, script: OpenAIStreamScript) => string[];
}

/** Parses the request, reads its directives and plays the scripted reply the endpoint renders. */
export function handleOpenAIRequest<View extends OpenAIRequestView, Reply>(request: MockRequest, endpoint: OpenAIEndpoint<View, Reply>): void {
  const { state, req, res, requestId } = request;
  const body = parseJsonOrUndefined(request.bodyText);
  if (!isJsonObject(body)) {
    sendOpenAIError(res, 400, requestId, { message: OPENAI_INVALID_JSON_MESSAGE });
    return;
  }
  const view = endpoint.readRequest(body);
  const directives = requestDirectives(view, headerText(req.headers['x-mock-script']));

  if (directives.errorStatus !== undefined) {
    sendOpenAIError(res, directives.errorStatus, requestId, {}, directives.slowMs);
    return;
  }
  const problem = directiveProblem(directives);
  if (problem !== undefined) {
    sendOpenAIError(res, 400, requestId, { message: problem });
    return;
  }

  const reply = endpoint.buildReply(view, directives, request);

  if (!view.stream) {
    // A hung non-streaming reply simply never answers; the client's timeout or abort ends it.
    if (directives.hang) return;
    sendOpenAIJson(res, 200, requestId, endpoint.renderJson(reply, view), directives.slowMs);
    return;
  }

  const script = openaiStreamScript(directives);
  writeEventStream(res, endpoint.renderEvents(reply, view, directives, script), {
    requestId,
    headers: openaiHeaders(requestId),
    delayMs: directives.slowMs,
    splitMultiByte: directives.unicode,
    ending: streamEndingFor(script),
    onClientAbort: () => {
      if (!state.closing) state.abortedStreams += 1;
    },
  });
}
