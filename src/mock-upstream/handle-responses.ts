import { buildOpenAIReplyPlan } from './build-openai-reply-plan.js';
import { buildResponsesReply } from './build-responses-reply.js';
import { handleOpenAIRequest, type OpenAIEndpoint } from './handle-openai-request.js';
import type { MockRequest } from './mock-request.js';
import { readResponsesRequest, type ResponsesRequestView } from './read-responses-request.js';
import { renderResponsesEvents } from './render-responses-events.js';
import { outputItemDone } from './responses-output-item.js';
import type { ResponsesReply } from './responses-reply.js';
import { finishedResponseObject } from './responses-response-object.js';

const RESPONSES: OpenAIEndpoint<ResponsesRequestView, ResponsesReply> = {
  readRequest: readResponsesRequest,
  buildReply: (view, directives, { state, bodyBytes }) => {
    const responseId = state.counters.nextResponseId();
    const plan = buildOpenAIReplyPlan(view, directives, state.counters, bodyBytes, true);
    return buildResponsesReply(view, plan, responseId, state.counters);
  },
  renderJson: (reply, view) => {
    const output = reply.items.map((item) => outputItemDone(item, view.includeEncryptedReasoning));
    return JSON.stringify(finishedResponseObject(reply, output));
  },
  renderEvents: (reply, _view, directives, script) => renderResponsesEvents(reply, { unknownEvent: directives.unknownEvent, script }),
};

/** POST /v1/responses: parses the request, reads its directives and plays the scripted reply. */
export function handleResponses(request: MockRequest): void {
  handleOpenAIRequest(request, RESPONSES);
}
