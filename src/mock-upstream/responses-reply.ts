import type { OpenAIPlannedItem, OpenAIReplyPlan } from './openai-reply-plan.js';
import type { ResponsesRequestView } from './read-responses-request.js';

/** A planned item with its Responses item id (`msg_…`, `rs_…`, `fc_…`, `ctc_…`). */
export type ResponsesItem = OpenAIPlannedItem & { readonly id: string };

/** A scripted Responses answer: the plan, the ids it is shown under, and the request fields it echoes. */
export interface ResponsesReply {
  readonly responseId: string;
  readonly request: ResponsesRequestView;
  readonly plan: OpenAIReplyPlan;
  readonly items: readonly ResponsesItem[];
}
