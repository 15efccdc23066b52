import type { IncomingMessage, ServerResponse } from 'node:http';
import { anthropicErrorJson } from './anthropic-error-json.js';
import { buildReplyPlan } from './build-reply-plan.js';
import { DELTAS_BEFORE_FAILURE } from './deltas-before-failure.js';
import { directiveProblem } from './directive-problem.js';
import { headerText } from './header-text.js';
import { isJsonObject } from './is-json-object.js';
import type { MockServerState } from './mock-server-state.js';
import { parseJsonOrUndefined } from './parse-json-or-undefined.js';
import { readMessagesRequest } from './read-messages-request.js';
import { renderMessageJson } from './render-message-json.js';
import { requestDirectives } from './request-directives.js';
import { messageStartEvent, OVERLOADED_ERROR_EVENT, PING_EVENT, renderSseEvents } from './render-sse-events.js';
import { sendJson } from './send-json.js';
import { writeEventStream, type StreamEnding } from './write-event-stream.js';

/** POST /v1/messages: parses the request, reads its directives and plays the scripted reply. */
export function handleMessages(
  state: MockServerState,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
  bodyText: string,
  bodyBytes: number,
): void {
  const body = parseJsonOrUndefined(bodyText);
  if (!isJsonObject(body)) {
    sendJson(res, 400, requestId, anthropicErrorJson(400, 'There was an error parsing the body of your request as JSON.'));
    return;
  }
  const request = readMessagesRequest(body);
  const directives = requestDirectives(request, headerText(req.headers['x-mock-script']));

  if (directives.errorStatus !== undefined) {
    const status = directives.errorStatus;
    const extra = status === 429 ? { 'retry-after': '7' } : {};
    sendJson(res, status, requestId, anthropicErrorJson(status), extra, directives.slowMs);
    return;
  }
  const problem = directiveProblem(directives);
  if (problem !== undefined) {
    sendJson(res, 400, requestId, anthropicErrorJson(400, problem));
    return;
  }

  const plan = buildReplyPlan(request, directives, state.counters, bodyBytes);

  if (!request.stream) {
    // A hung non-streaming reply simply never answers; the client's timeout or abort ends it.
    if (directives.hang) return;
    sendJson(res, 200, requestId, renderMessageJson(plan), {}, directives.slowMs);
    return;
  }

  let events: string[];
  let ending: StreamEnding = 'end';
  if (directives.hang) {
    events = [messageStartEvent(plan)];
    ending = 'hang';
  } else if (directives.errorEvent) {
    events = [messageStartEvent(plan), PING_EVENT, OVERLOADED_ERROR_EVENT];
  } else if (directives.midError) {
    events = renderSseEvents(plan, { unknownEvent: directives.unknownEvent, stopAfterDeltas: DELTAS_BEFORE_FAILURE });
    events.push(OVERLOADED_ERROR_EVENT);
  } else if (directives.disconnect) {
    events = renderSseEvents(plan, { unknownEvent: directives.unknownEvent, stopAfterDeltas: DELTAS_BEFORE_FAILURE });
    ending = 'destroy';
  } else {
    events = renderSseEvents(plan, { unknownEvent: directives.unknownEvent });
  }

  writeEventStream(res, events, {
    requestId,
    delayMs: directives.slowMs,
    splitMultiByte: directives.unicode,
    ending,
    onClientAbort: () => {
      if (!state.closing) state.abortedStreams += 1;
    },
  });
}
