import { z } from 'zod';
import { createStateKey, type Policy, type PolicyContext } from '../core/policy.js';
import { definePolicy } from '../core/policy-definition.js';
import type { RequestView } from '../core/request-view.js';
import { modifyPart, type StreamPart, type TextDeltaPart } from '../core/stream-part.js';
import { compileReplacement, replacementProblem, type ReplacementRule } from './replacement-rule.js';
import { replaceInText, StreamingReplacer } from './streaming-replacer.js';

const replacementSchema = z
  .strictObject({
    from: z
      .string()
      .min(1)
      .describe('The text to find; with `regex: true`, a JavaScript regular expression (always unicode-aware).'),
    to: z
      .string()
      .describe('What replaces each match. With `regex: true`, `$1`…`$99`, `$<name>`, `$&` and `$$` are filled in; otherwise it is literal.'),
    regex: z.boolean().default(false).describe('Treat `from` as a regular expression instead of literal text.'),
    case: z
      .enum(['sensitive', 'insensitive', 'match'])
      .default('sensitive')
      .describe(
        '`sensitive`: exact case. `insensitive`: any case. `match`: any case, and the replacement takes the case shape of what it replaces (Hello → Bye, HELLO → BYE, hello → bye).',
      ),
    on: z
      .array(z.enum(['request', 'response']))
      .min(1)
      .default(['response'])
      .describe('Where to replace: `request` (the text of every user message) and/or `response` (the assistant text).'),
  })
  .superRefine((spec, ctx) => {
    const problem = replacementProblem(spec);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', path: [problem.startsWith('invalid') ? 'from' : 'to'], message: problem });
  });

const configSchema = z.strictObject({
  replacements: z
    .array(replacementSchema)
    .min(1)
    .describe('Replacements, applied in order: each one works on the output of the ones before it.'),
});

export type StringReplacementConfig = z.output<typeof configSchema>;

/**
 * Replaces text in requests and/or responses, literally or by regular expression, with case options.
 *
 * Responses stream: a replacement that a delta boundary splits (`Anthr` + `opic`) is still made, and
 * only a tail that could still become a match is held back (for a literal, the longest ending that
 * starts `from`; for a regex whose matches have a bounded length, that length). A regex whose matches
 * can be arbitrarily long (`a.*b`), or that uses anchors, lookbehind or back-references, makes the
 * policy buffer each text block whole instead (`onTextBlock`). Tool inputs and thinking are never
 * touched.
 *
 * Requests: the text of every user message, history included. Clients such as Claude Code and Codex
 * send the whole conversation each turn, so rewriting all of it every time means the model always
 * sees the same, replaced, conversation. System prompts, assistant turns and tool results are left
 * alone.
 */
export const stringReplacementPolicy = definePolicy({
  name: 'string-replacement',
  description: 'Replaces text (literal or regex, case-sensitive, -insensitive or case-matching) in user messages and/or assistant text, streaming.',
  configSchema,
  defaultFailureMode: 'fail_closed',
  create: (config) => createStringReplacement(config),
});

function createStringReplacement(config: StringReplacementConfig): Policy {
  const name = 'string-replacement';
  const requestRules = config.replacements.filter((spec) => spec.on.includes('request')).map(compileReplacement);
  const responseRules = config.replacements.filter((spec) => spec.on.includes('response')).map(compileReplacement);
  const policy: Policy = {
    name,
    ...(requestRules.length === 0 ? {} : { onRequest: (request: RequestView, ctx: PolicyContext) => rewriteRequest(request, requestRules, ctx) }),
  };
  if (responseRules.length === 0) return policy;
  if (responseRules.every((rule) => rule.bounds !== undefined)) return { ...policy, onPart: streamingStage(responseRules) };
  return {
    ...policy,
    onTextBlock: (block, ctx) => {
      const result = replaceInText(block.text, responseRules);
      if (result.count === 0) return { action: 'keep' };
      emitReplaced(ctx, 'response', result.count);
      return result.text === block.text ? { action: 'keep' } : { action: 'replace', blocks: [{ type: 'text', text: result.text }] };
    },
  };
}

function rewriteRequest(request: RequestView, rules: readonly ReplacementRule[], ctx: PolicyContext) {
  let count = 0;
  const messages = request.messages.map((message) => {
    if (message.role !== 'user') return message;
    const blocks = message.blocks.map((block) => {
      if (block.type !== 'text') return block;
      const result = replaceInText(block.text, rules);
      count += result.count;
      return result.text === block.text ? block : { ...block, text: result.text };
    });
    return blocks.every((block, index) => block === message.blocks[index]) ? message : { ...message, blocks };
  });
  if (count > 0) emitReplaced(ctx, 'request', count);
  const changed = messages.some((message, index) => message !== request.messages[index]);
  return changed ? { action: 'continue' as const, request: request.withMessages(messages) } : { action: 'continue' as const };
}

interface OpenBlock {
  readonly replacer: StreamingReplacer;
  /** The block's latest delta: the held-back tail goes out as a copy of it (same item, same wire data). */
  last: TextDeltaPart;
}

/** The response side as a part stage: text deltas go through a per-block StreamingReplacer. */
function streamingStage(rules: readonly ReplacementRule[]): NonNullable<Policy['onPart']> {
  // One key per configured policy, so two string-replacement policies in a chain keep separate state.
  const openBlocks = createStateKey('string-replacement.blocks', () => new Map<number, OpenBlock>());
  const close = (ctx: PolicyContext, blocks: Map<number, OpenBlock>, index: number): StreamPart[] => {
    const open = blocks.get(index);
    if (open === undefined) return [];
    blocks.delete(index);
    const tail = open.replacer.end();
    if (open.replacer.count > 0) emitReplaced(ctx, 'response', open.replacer.count);
    return tail === '' ? [] : [modifyPart(open.last, { text: tail })];
  };
  return (part, ctx) => {
    const blocks = ctx.state(openBlocks);
    switch (part.type) {
      case 'text-delta': {
        let open = blocks.get(part.index);
        if (open === undefined) {
          open = { replacer: new StreamingReplacer(rules), last: part };
          blocks.set(part.index, open);
        }
        open.last = part;
        const text = open.replacer.push(part.text);
        if (text === part.text) return part;
        return text === '' ? [] : modifyPart(part, { text });
      }
      case 'message-delta':
      case 'message-end':
      case 'error':
        // A block the upstream never closed still gets its held-back text.
        return blocks.size === 0 ? part : [...[...blocks.keys()].flatMap((index) => close(ctx, blocks, index)), part];
      default:
        // Anything else of the block (its end, or an event such as Responses' `output_text.done`, which
        // must follow all of its text) comes after the held-back text.
        if (part.type === 'message-start' || part.index === undefined || !blocks.has(part.index)) return part;
        return [...close(ctx, blocks, part.index), part];
    }
  };
}

function emitReplaced(ctx: PolicyContext, where: 'request' | 'response', count: number): void {
  ctx.emit({
    type: 'transformed',
    summary: `Replaced ${count} match${count === 1 ? '' : 'es'} in the ${where}`,
    data: { where, replacements: count },
  });
}
