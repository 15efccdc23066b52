import { z } from 'zod';
import { createStateKey, type Policy, type PolicyContext, type ResponseDecision, type ToolCallDecision, type ToolCallView } from '../core/policy.js';
import { definePolicy } from '../core/policy-definition.js';
import { JudgeError } from '../judge/judge-error.js';
import { judgeFailureReason } from '../judge/judge-failure-reason.js';
import { TOOL_CALL_JUDGE_INSTRUCTIONS, toolCallCase } from '../judge/judge-prompts.js';
import { judgeSettingsSchema } from '../judge/judge-settings.js';
import { sessionContext } from '../judge/session-context.js';
import { unreviewedNote } from '../judge/unreviewed-note.js';
import { verdictSchema, type Verdict } from '../judge/verdict.js';
import { canonicalJson, VerdictCache } from '../judge/verdict-cache.js';

const configSchema = z.strictObject({
  judge: judgeSettingsSchema.describe('The judge model and where to reach it.'),
  threshold: z.number().min(0).max(1).default(0.6).describe('Block when the judge’s probability of harm is at or above this.'),
  on_judge_error: z
    .enum(['block', 'allow'])
    .default('block')
    .describe('When the judge fails or times out: `block` the call with a message saying so, or `allow` it and tell the user it was not reviewed.'),
  instructions: z.string().min(1).optional().describe('Replaces the judge’s default instructions (the verdict format is added by Luthien).'),
  context_tokens: z.int().min(0).default(2000).describe('Budget of recent conversation the judge sees (0: none).'),
  skip_tools: z.array(z.string().min(1)).default(['Read', 'Glob', 'Grep', 'LS', 'TodoWrite', 'WebSearch']).describe('Tools never judged (read-only ones).'),
  only_tools: z.array(z.string().min(1)).optional().describe('When set, only these tools are judged.'),
  cache_minutes: z.number().min(0).default(60).describe('How long an identical tool call in the same session reuses its verdict (0: never).'),
});

type Config = z.output<typeof configSchema>;

/**
 * How often a call asks again when the verdict it shared was abandoned by the call that asked for it
 * (that client went away): each retry means another call's abort, so this only bounds a pathological run.
 */
const MAX_SHARED_ABANDONS = 3;

/**
 * Holds each tool call until it is complete (text streams on), asks an LLM judge how likely it is to
 * be harmful, and blocks it at or above the threshold. Calls in one response are judged concurrently;
 * an identical call in the same session reuses the earlier verdict. See docs/policies.md.
 */
export const toolCallJudgePolicy = definePolicy({
  name: 'tool-call-judge',
  description: 'An LLM judge reviews each tool call before the client sees it and blocks the harmful ones.',
  configSchema,
  defaultFailureMode: 'fail_closed',
  // A judge attempt may take `judge.timeout_ms`, plus retries: the hook's own limit sits above that
  // (30.25 s with the defaults: two attempts of 15 s and one 250 ms pause).
  defaultTimeoutMs: 120_000,
  create: (config: Config): Policy => {
    const cache = new VerdictCache<Verdict>({ maxEntries: 10_000, ttlMs: config.cache_minutes * 60_000 });
    const settingsKey = canonicalJson([config.judge.model, config.judge.backend, config.judge.base_url, config.instructions]);
    const judged = (name: string) => !config.skip_tools.includes(name) && (config.only_tools === undefined || config.only_tools.includes(name));
    // Per policy instance: two judges in one chain each report their own unreviewed calls.
    const unreviewed = createStateKey('tool-call-judge.unreviewed', () => [] as { tool: string; why: string }[]);

    async function verdictFor(call: ToolCallView, ctx: PolicyContext): Promise<Verdict> {
      const judge = ctx.judge;
      if (judge === undefined) throw new JudgeError('unreachable', 'no judge service in this context', { attempts: 0, latencyMs: 0 });
      const ask = async () => {
        const context = config.context_tokens === 0 ? '' : sessionContext(ctx.request.messages, { maxTokens: config.context_tokens });
        const query = { system: config.instructions ?? TOOL_CALL_JUDGE_INSTRUCTIONS, user: toolCallCase(call, context), schema: verdictSchema, maxTokens: config.judge.max_tokens, temperature: config.judge.temperature };
        return (await judge.ask(config.judge, query, ctx.signal)).verdict;
      };
      if (config.cache_minutes === 0 || ctx.sessionId === undefined) return ask();
      const key = `${ctx.sessionId}\u0000${settingsKey}\u0000${call.name}\u0000${call.input === undefined ? call.inputJson : canonicalJson(call.input)}`;
      for (let abandoned = 0; ; abandoned++) {
        try {
          const { value, hit } = await cache.get(key, ask);
          if (hit) ctx.emit({ type: 'verdict-reused', summary: `${call.name}: reused the session’s earlier verdict (${value.probability.toFixed(2)})`, data: { tool: call.name, probability: value.probability } });
          return value;
        } catch (error) {
          // A verdict being computed is shared with identical calls, but runs under the signal of the
          // call that asked first: when that client goes away, the others still want their verdict.
          // The failure is not cached, so asking again starts (or joins) a fresh judge call.
          if (error instanceof JudgeError && error.kind === 'aborted' && !ctx.signal.aborted && abandoned < MAX_SHARED_ABANDONS) continue;
          throw error;
        }
      }
    }

    const onToolCall = async (call: ToolCallView, ctx: PolicyContext): Promise<ToolCallDecision> => {
      if (!judged(call.name)) return { action: 'allow' };
      let verdict: Verdict;
      try {
        verdict = await verdictFor(call, ctx);
      } catch (error) {
        const why = judgeFailureReason(error);
        if (config.on_judge_error === 'allow') {
          ctx.state(unreviewed).push({ tool: call.name, why });
          return { action: 'allow' };
        }
        return { action: 'block', reason: `the safety judge could not review it (${why}), and unreviewed calls are blocked` };
      }
      if (verdict.probability < config.threshold) return { action: 'allow' };
      return { action: 'block', reason: `the safety judge rated it likely harmful (${verdict.probability.toFixed(2)} ≥ ${config.threshold.toFixed(2)}): ${verdict.explanation}` };
    };

    const onResponse = (_response: unknown, ctx: PolicyContext): ResponseDecision => {
      const calls = ctx.state(unreviewed);
      if (calls.length === 0) return { action: 'keep' };
      return { action: 'append', blocks: [{ type: 'text', text: unreviewedNote('safety', calls.map((call) => ({ what: `the \`${call.tool}\` tool call`, why: call.why }))) }], reason: 'tool calls allowed without review' };
    };

    return {
      name: 'tool-call-judge',
      onToolCall,
      // Only needed to tell the user about calls let through unreviewed; without it the runtime need not
      // hold the response's last tool calls until its end.
      ...(config.on_judge_error === 'allow' ? { onResponse } : {}),
    };
  },
});
