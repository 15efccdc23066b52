import { z } from 'zod';
import { createStateKey, type Policy, type PolicyContext, type RequestDecision, type ResponseDecision, type TextBlockDecision, type TextBlockView, type ToolCallDecision, type ToolCallView } from '../core/policy.js';
import type { RequestMessage, RequestView } from '../core/request-view.js';
import { definePolicy } from '../core/policy-definition.js';
import { JudgeError } from '../judge/judge-error.js';
import { judgeFailureReason } from '../judge/judge-failure-reason.js';
import { ruleCase, ruleJudgeInstructions, toolCallText } from '../judge/judge-prompts.js';
import { judgeSettingsSchema } from '../judge/judge-settings.js';
import { sessionContext, withoutSystemReminders } from '../judge/session-context.js';
import { unreviewedNote, type Unreviewed } from '../judge/unreviewed-note.js';
import { verdictSchema, type Verdict } from '../judge/verdict.js';

const configSchema = z.strictObject({
  rules: z.array(z.string().min(1)).min(1).describe('Plain-English rules, e.g. "Never delete files outside the project directory."'),
  judge: judgeSettingsSchema.describe('The judge model and where to reach it.'),
  threshold: z.number().min(0).max(1).default(0.6).describe('Block when the judge’s probability of a broken rule is at or above this.'),
  check: z
    .strictObject({
      request: z.boolean().default(true).describe('Judge each new user turn before it is sent upstream.'),
      response_text: z.boolean().default(false).describe('Judge each text block of the response (the block is held until judged).'),
      tool_calls: z.boolean().default(true).describe('Judge each tool call of the response.'),
    })
    .prefault({})
    .describe('What is judged.'),
  on_judge_error: z.enum(['block', 'allow']).default('block').describe('When the judge fails or times out: block with a message saying so, or let the content pass.'),
  context_tokens: z.int().min(0).default(2000).describe('Budget of recent conversation the judge sees (0: none).'),
});

type Config = z.output<typeof configSchema>;

/**
 * Judges requests, response text and tool calls against plain-English rules with an LLM judge. A
 * request that breaks a rule is answered with an explanation and never reaches the model. See
 * docs/policies.md.
 */
export const ruleJudgePolicy = definePolicy({
  name: 'rule-judge',
  description: 'An LLM judge checks requests, response text and tool calls against plain-English rules.',
  configSchema,
  defaultFailureMode: 'fail_closed',
  defaultTimeoutMs: 120_000,
  create: (config: Config): Policy => {
    const system = ruleJudgeInstructions(config.rules);
    // Per policy instance: what this judge let through unreviewed in the current request.
    const unreviewed = createStateKey('rule-judge.unreviewed', () => [] as Unreviewed[]);

    /** The rule broken (as a reason for the user), or undefined when the item passes. */
    async function check(kind: 'request' | 'response' | 'tool_call', what: string, item: string, history: readonly RequestMessage[], ctx: PolicyContext): Promise<string | undefined> {
      const judge = ctx.judge;
      let verdict: Verdict;
      try {
        if (judge === undefined) throw new JudgeError('unreachable', 'no judge service in this context', { attempts: 0, latencyMs: 0 });
        const context = config.context_tokens === 0 ? '' : sessionContext(history, { maxTokens: config.context_tokens });
        const query = { system, user: ruleCase(kind, item, context), schema: verdictSchema, maxTokens: config.judge.max_tokens, temperature: config.judge.temperature };
        verdict = (await judge.ask(config.judge, query, ctx.signal)).verdict;
      } catch (error) {
        const why = judgeFailureReason(error);
        if (config.on_judge_error === 'allow') {
          ctx.state(unreviewed).push({ what, why });
          return undefined;
        }
        return `the rules judge could not review it (${why}), and unreviewed content is blocked`;
      }
      if (verdict.probability < config.threshold) return undefined;
      const rule = verdict.rule === undefined || verdict.rule === null ? undefined : config.rules[verdict.rule - 1];
      return `${rule === undefined ? 'it breaks a rule' : `it breaks the rule “${rule}”`}: ${verdict.explanation}`;
    }

    // Only the hooks for what is checked: a text-block hook makes the runtime hold text, so it is
    // there only when response text is judged.
    const onRequest = async (request: RequestView, ctx: PolicyContext): Promise<RequestDecision> => {
      const turn = newUserTurn(request.messages);
      if (turn === undefined) return { action: 'continue' };
      const broken = await check('request', 'this request', turn.text, request.messages.slice(0, turn.index), ctx);
      return broken === undefined ? { action: 'continue' } : { action: 'block', reason: broken };
    };
    const onTextBlock = async (block: TextBlockView, ctx: PolicyContext): Promise<TextBlockDecision> => {
      if (block.text.trim() === '') return { action: 'keep' };
      const broken = await check('response', 'a text block of this response', block.text, ctx.request.messages, ctx);
      return broken === undefined ? { action: 'keep' } : { action: 'block', reason: broken };
    };
    const onToolCall = async (call: ToolCallView, ctx: PolicyContext): Promise<ToolCallDecision> => {
      const broken = await check('tool_call', `the \`${call.name}\` tool call`, toolCallText(call), ctx.request.messages, ctx);
      return broken === undefined ? { action: 'allow' } : { action: 'block', reason: broken };
    };
    const onResponse = (_response: unknown, ctx: PolicyContext): ResponseDecision => {
      const items = ctx.state(unreviewed);
      if (items.length === 0) return { action: 'keep' };
      return { action: 'append', blocks: [{ type: 'text', text: unreviewedNote('rules', items) }], reason: 'content allowed without review' };
    };
    const checksSomething = config.check.request || config.check.response_text || config.check.tool_calls;
    return {
      name: 'rule-judge',
      ...(config.check.request ? { onRequest } : {}),
      ...(config.check.response_text ? { onTextBlock } : {}),
      ...(config.check.tool_calls ? { onToolCall } : {}),
      // Only to tell the user what was let through unreviewed (`on_judge_error: allow`).
      ...(config.on_judge_error === 'allow' && checksSomething ? { onResponse } : {}),
    };
  },
});

/**
 * The user turn this request adds, if it adds one: the newest message that is not a system or
 * developer message (Claude Code puts a `system` message after the user's), when it is the user's
 * and holds text once Claude Code's `<system-reminder>` blocks are taken out. A tool result going back to the model is
 * the agent's own work, not a new request: its text is not judged.
 */
function newUserTurn(messages: readonly RequestMessage[]): { readonly text: string; readonly index: number } | undefined {
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index] as RequestMessage;
    if (message.role === 'system' || message.role === 'developer') continue;
    if (message.role !== 'user') return undefined;
    const text = message.blocks
      .flatMap((block) => (block.type === 'text' ? [withoutSystemReminders(block.text)] : []))
      .filter((part) => part !== '')
      .join('\n');
    return text === '' ? undefined : { text, index };
  }
  return undefined;
}
