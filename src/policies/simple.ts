import { z } from 'zod';
import type { PolicyContext, ToolCallDecision, ToolCallView } from '../core/policy.js';
import { definePolicy } from '../core/policy-definition.js';
import { escapeRegex } from './replacement-rule.js';
import { block, SimplePolicy, type Attachment, type SimpleBlock, type UserTurn } from './simple-policy.js';

const configSchema = z.strictObject({
  blocked_phrases: z
    .array(z.string().min(1))
    .default([])
    .describe('A new user message containing one of these (any case) is not sent to the model; the user is told which phrase stopped it.'),
  masked_phrases: z
    .array(z.string().min(1))
    .default([])
    .describe('These words or phrases (any case) are replaced by `mask` in the assistant’s text.'),
  mask: z.string().default('[masked]').describe('What replaces a masked phrase.'),
  blocked_tools: z
    .array(z.string().min(1))
    .default([])
    .describe('Tool calls to these tools (exact names, any case) are blocked.'),
  block_attachments: z.boolean().default(false).describe('Refuse new user messages that carry images or documents (e.g. to keep files from leaving the network).'),
});

export type SimpleConfig = z.output<typeof configSchema>;

/**
 * The `simple` built-in: a small, useful content filter written on `SimplePolicy`, and the worked
 * example of that class in docs/policies.md. It blocks new messages with forbidden phrases or
 * attachments, masks phrases in the assistant's text (whole blocks, so a phrase split across deltas
 * is still found), and blocks tools by name.
 */
export class SimpleContentPolicy extends SimplePolicy {
  readonly name = 'simple';

  constructor(config: SimpleConfig) {
    super();
    // Only the hooks the configuration needs: an unused onAssistantText would make text blocks wait.
    const blocked = config.blocked_phrases.map((phrase) => phrase.toLowerCase());
    if (blocked.length > 0) {
      this.onUserText = (text: string, _ctx: PolicyContext, turn: UserTurn): string | SimpleBlock => {
        // History was judged when it was new; checking it again would block every later turn.
        if (!turn.latest) return text;
        const lower = text.toLowerCase();
        const phrase = blocked.find((candidate) => lower.includes(candidate));
        return phrase === undefined ? text : block(`The message contains “${phrase}”, which may not be sent to the model here.`);
      };
    }
    if (config.block_attachments) {
      this.onUserAttachment = (attachment: Attachment, _ctx: PolicyContext, turn: UserTurn): 'keep' | SimpleBlock =>
        turn.latest ? block(`The message carries ${attachment.type === 'image' ? 'an image' : 'a document'}, and attachments may not be sent to the model here. Paste the relevant text instead.`) : 'keep';
    }
    if (config.masked_phrases.length > 0) {
      const masked = new RegExp(config.masked_phrases.map(escapeRegex).join('|'), 'giu');
      this.onAssistantText = (text: string): string => text.replace(masked, config.mask);
    }
    const tools = new Set(config.blocked_tools.map((tool) => tool.toLowerCase()));
    if (tools.size > 0) {
      this.onToolCall = (call: ToolCallView): ToolCallDecision =>
        tools.has(call.name.toLowerCase()) ? { action: 'block', reason: `The \`${call.name}\` tool is not allowed here.` } : { action: 'allow' };
    }
  }
}

export const simplePolicy = definePolicy({
  name: 'simple',
  description: 'A SimplePolicy example: blocks new messages with given phrases or attachments, masks phrases in assistant text, blocks tools by name.',
  configSchema,
  defaultFailureMode: 'fail_closed',
  create: (config) => new SimpleContentPolicy(config),
});
