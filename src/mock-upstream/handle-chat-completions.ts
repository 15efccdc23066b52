import { buildOpenAIReplyPlan } from './build-openai-reply-plan.js';
import type { ChatReply } from './chat-reply.js';
import { handleOpenAIRequest, type OpenAIEndpoint } from './handle-openai-request.js';
import type { MockRequest } from './mock-request.js';
import { readChatRequest, type ChatRequestView } from './read-chat-request.js';
import { renderChatChunks } from './render-chat-chunks.js';
import { renderChatCompletionJson } from './render-chat-completion-json.js';

const CHAT_COMPLETIONS: OpenAIEndpoint<ChatRequestView, ChatReply> = {
  readRequest: readChatRequest,
  buildReply: (view, directives, { state, bodyBytes }) => {
    const completionId = state.counters.nextChatCompletionId();
    const choiceCount = Math.max(view.choiceCount, directives.choiceCount);
    const plans = Array.from({ length: choiceCount }, () => buildOpenAIReplyPlan(view, directives, state.counters, bodyBytes, false));
    return { completionId, model: view.model, plans };
  },
  renderJson: renderChatCompletionJson,
  renderEvents: (reply, view, directives, script) =>
    renderChatChunks(reply, { includeUsage: view.includeUsage || directives.usage, unknownEvent: directives.unknownEvent, script }),
};

/** POST /v1/chat/completions: parses the request, reads its directives and plays the scripted reply. */
export function handleChatCompletions(request: MockRequest): void {
  handleOpenAIRequest(request, CHAT_COMPLETIONS);
}
