import type { OpenAIReplyPlan } from './openai-reply-plan.js';

/** A scripted chat completion: one plan per choice, under one id. */
export interface ChatReply {
  readonly completionId: string;
  readonly model: string;
  readonly plans: readonly OpenAIReplyPlan[];
}

/** Sent on every chunk and body, as OpenAI does; fixed so output stays byte-stable. */
export const MOCK_SYSTEM_FINGERPRINT = 'fp_mock';
