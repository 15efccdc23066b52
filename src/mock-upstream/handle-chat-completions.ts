import { buildOpenAIReplyPlan } from './build-openai-reply-plan.js';
import type { ChatReply } from './chat-reply.js';
import { headerText } from './header-text.js';
import { isJsonObject } from './is-json-object.js';
import type { MockRequest } from './mock-request.js';
import { OPENAI_INVALID_JSON_MESSAGE } from './openai-invalid-json-message.js';
import { openaiStreamScript, streamEndingFor } from './openai-stream-script.js';
import { parseJsonOrUndefined } from './parse-json-or-undefined.js';
import { parseMockDirectives } from './parse-mock-directives.js';
import { readChatRequest } from './read-chat-request.js';
import { renderChatChunks } from './render-chat-chunks.js';
import { renderChatCompletionJson } from './render-chat-completion-json.js';
import { openaiHeaders, sendOpenAIError, sendOpenAIJson } from './send-openai-json.js';
import { writeEventStream } from './write-event-stream.js';

/** POST /v1/chat/completions: parses the request, reads its directives and plays the scripted reply. */
export function handleChatCompletions(request: MockRequest): void {
  const { state, req, res, requestId } = request;
  const body = parseJsonOrUndefined(request.bodyText);
  if (!isJsonObject(body)) {
    sendOpenAIError(res, 400, requestId, { message: OPENAI_INVALID_JSON_MESSAGE });
    return;
  }
  const view = readChatRequest(body);
  const directives = parseMockDirectives(view.lastUserText, headerText(req.headers['x-mock-script']));

  if (directives.errorStatus !== undefined) {
    sendOpenAIError(res, directives.errorStatus, requestId, {}, directives.slowMs);
    return;
  }

  const completionId = state.counters.nextChatCompletionId();
  const choiceCount = Math.max(view.choiceCount, directives.choiceCount);
  const plans = Array.from({ length: choiceCount }, () =>
    buildOpenAIReplyPlan(view, directives, state.counters, request.bodyBytes, false),
  );
  const reply: ChatReply = { completionId, model: view.model, plans };

  if (!view.stream) {
    // A hung non-streaming reply simply never answers; the client's timeout or abort ends it.
    if (directives.hang) return;
    sendOpenAIJson(res, 200, requestId, renderChatCompletionJson(reply), directives.slowMs);
    return;
  }

  const script = openaiStreamScript(directives);
  const events = renderChatChunks(reply, {
    includeUsage: view.includeUsage || directives.usage,
    unknownEvent: directives.unknownEvent,
    script,
  });
  writeEventStream(res, events, {
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
