import { buildOpenAIReplyPlan } from './build-openai-reply-plan.js';
import { buildResponsesReply } from './build-responses-reply.js';
import { headerText } from './header-text.js';
import { isJsonObject } from './is-json-object.js';
import type { MockRequest } from './mock-request.js';
import { OPENAI_INVALID_JSON_MESSAGE } from './openai-invalid-json-message.js';
import { openaiStreamScript, streamEndingFor } from './openai-stream-script.js';
import { parseJsonOrUndefined } from './parse-json-or-undefined.js';
import { parseMockDirectives } from './parse-mock-directives.js';
import { readResponsesRequest } from './read-responses-request.js';
import { renderResponsesEvents } from './render-responses-events.js';
import { outputItemDone } from './responses-output-item.js';
import { finishedResponseObject } from './responses-response-object.js';
import { openaiHeaders, sendOpenAIError, sendOpenAIJson } from './send-openai-json.js';
import { writeEventStream } from './write-event-stream.js';

/** POST /v1/responses: parses the request, reads its directives and plays the scripted reply. */
export function handleResponses(request: MockRequest): void {
  const { state, req, res, requestId } = request;
  const body = parseJsonOrUndefined(request.bodyText);
  if (!isJsonObject(body)) {
    sendOpenAIError(res, 400, requestId, { message: OPENAI_INVALID_JSON_MESSAGE });
    return;
  }
  const view = readResponsesRequest(body);
  const directives = parseMockDirectives(view.lastUserText, headerText(req.headers['x-mock-script']));

  if (directives.errorStatus !== undefined) {
    sendOpenAIError(res, directives.errorStatus, requestId, {}, directives.slowMs);
    return;
  }

  const responseId = state.counters.nextResponseId();
  const plan = buildOpenAIReplyPlan(view, directives, state.counters, request.bodyBytes, true);
  const reply = buildResponsesReply(view, plan, responseId, state.counters);

  if (!view.stream) {
    // A hung non-streaming reply simply never answers; the client's timeout or abort ends it.
    if (directives.hang) return;
    const output = reply.items.map((item) => outputItemDone(item, view.includeEncryptedReasoning));
    sendOpenAIJson(res, 200, requestId, JSON.stringify(finishedResponseObject(reply, output)), directives.slowMs);
    return;
  }

  const script = openaiStreamScript(directives);
  writeEventStream(res, renderResponsesEvents(reply, { unknownEvent: directives.unknownEvent, script }), {
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
