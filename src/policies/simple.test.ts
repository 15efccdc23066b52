import { describe, expect, it } from 'vitest';
import { formatMatrix, formats } from './__test-support__/format-matrix.js';
import { hooksOf } from './__test-support__/hooks-of.js';
import type { JsonObject } from '../core/json.js';
import type { PolicyContext } from '../core/policy.js';
import type { WireFormat } from '../core/wire-format.js';
import { runPolicy, testPolicyContext, testRequest } from '../policy/testing/index.js';
import { simplePolicy } from './simple.js';
import { block, SimplePolicy, type Attachment, type UserTurn } from './simple-policy.js';

type Config = Parameters<typeof simplePolicy.configSchema.parse>[0];
const policyFor = (config: Config) => simplePolicy.create(simplePolicy.configSchema.parse(config));

/** A request with history and a new user message carrying a picture and a PDF, in each format. */
function withAttachments(format: WireFormat): JsonObject {
  const png = 'iVBORw0KGgo=';
  switch (format) {
    case 'anthropic':
      return {
        model: 'claude-sonnet-4-6',
        max_tokens: 100,
        messages: [
          { role: 'user', content: 'Earlier question' },
          { role: 'assistant', content: 'Earlier answer' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is in these?' },
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } },
              { type: 'document', title: 'Report', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' } },
            ],
          },
        ],
      };
    case 'openai-chat':
      return {
        model: 'gpt-5',
        messages: [
          { role: 'user', content: 'Earlier question' },
          { role: 'assistant', content: 'Earlier answer' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is in these?' },
              { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } },
              { type: 'file', file: { filename: 'report.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' } },
            ],
          },
        ],
      };
    case 'openai-responses':
      return {
        model: 'gpt-5',
        input: [
          { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Earlier question' }] },
          { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Earlier answer' }] },
          {
            type: 'message',
            role: 'user',
            content: [
              { type: 'input_text', text: 'What is in these?' },
              { type: 'input_image', image_url: `data:image/png;base64,${png}` },
              { type: 'input_file', filename: 'report.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' },
            ],
          },
        ],
      };
  }
}

/** An author's SimplePolicy, written with plain methods, that notes what it is shown. */
class Inspector extends SimplePolicy {
  readonly name = 'inspector';
  readonly seen: string[] = [];

  override onUserText(text: string, _ctx: PolicyContext, turn: UserTurn): string {
    this.seen.push(`${turn.latest ? 'new' : 'old'} text: ${text}`);
    return text.replace('these', 'those');
  }

  override onUserAttachment(attachment: Attachment, _ctx: PolicyContext, turn: UserTurn): 'keep' | 'drop' {
    this.seen.push(`${turn.latest ? 'new' : 'old'} ${attachment.type} ${attachment.mediaType ?? '?'} among ${turn.message.blocks.length} blocks`);
    return attachment.type === 'document' ? 'drop' : 'keep';
  }
}

describe('SimplePolicy', () => {
  it.each(formats)('shows the text of every user message and its images and documents as blocks (%s)', async (format) => {
    const policy = new Inspector();
    const request = testRequest(format, withAttachments(format));
    const decision = await policy.onRequest?.(request, testPolicyContext(policy, request));
    expect(policy.seen).toEqual(['old text: Earlier question', 'new text: What is in these?', 'new image image/png among 3 blocks', 'new document application/pdf among 3 blocks']);
    const patched = decision?.action === 'continue' ? decision.request : undefined;
    const last = patched?.messages.at(-1)?.blocks.map((content) => (content.type === 'text' ? content.text : content.type));
    expect(last).toEqual(['What is in those?', 'image', '[a document was removed here by the inspector policy]']);
    expect(JSON.stringify(patched?.body)).toContain('iVBORw0KGgo=');
    expect(JSON.stringify(patched?.body)).not.toContain('JVBERi0=');
  });

  it('has only the block-level hooks its subclass needs', () => {
    class ToolsOnly extends SimplePolicy {
      readonly name = 'tools-only';
      override onToolCall() {
        return { action: 'allow' as const };
      }
    }
    const tools = new ToolsOnly();
    expect(hooksOf(tools)).toEqual(['onToolCall']);
    class Shout extends SimplePolicy {
      readonly name = 'shout';
      override onAssistantText = (text: string) => text.toUpperCase();
    }
    expect(hooksOf(new Shout())).toEqual(['onTextBlock']);
  });

  it.each(formatMatrix)('turns onAssistantText into whole-block replacements ($format, stream $stream)', async ({ format, stream }) => {
    class Polite extends SimplePolicy {
      readonly name = 'polite';
      override async onAssistantText(text: string) {
        return Promise.resolve(text === 'drop me' ? '' : `${text} Thank you.`);
      }
    }
    const result = await runPolicy(new Polite(), { format, stream, response: { blocks: [{ type: 'text', text: ['Here', ' it is.'] }, { type: 'tool-call', name: 'exec_command', input: { cmd: 'ls' } }] } });
    expect(result.text).toBe('Here it is. Thank you.');
    expect(result.toolCalls).toHaveLength(1);
    expect(result.violations).toEqual([]);
  });

  it('blocks the request when a hook returns block(reason)', async () => {
    class NoPasswords extends SimplePolicy {
      readonly name = 'no-passwords';
      override onUserText(text: string) {
        return text.includes('password') ? block('Passwords do not belong in prompts.') : text;
      }
    }
    const result = await runPolicy(new NoPasswords(), { format: 'anthropic', stream: true, request: 'my password is hunter2' });
    expect(result.upstreamRequest).toBeUndefined();
    expect(result.text).toContain('Passwords do not belong in prompts.');
    expect(result.events).toEqual([expect.objectContaining({ policy: 'no-passwords', type: 'policy.blocked' })]);
  });
});

describe('the simple built-in', () => {
  it.each(formatMatrix)('masks phrases in assistant text, even split across deltas ($format, stream $stream)', async ({ format, stream }) => {
    const result = await runPolicy(policyFor({ masked_phrases: ['Project Falcon', 'codename'] }), {
      format,
      stream,
      response: { blocks: [{ type: 'text', text: ['The CODE', 'NAME is project fal', 'con.'] }] },
    });
    expect(result.text).toBe('The [masked] is [masked].');
    expect(result.violations).toEqual([]);
  });

  it.each(formatMatrix)('blocks a new message with a forbidden phrase ($format, stream $stream)', async ({ format, stream }) => {
    const result = await runPolicy(policyFor({ blocked_phrases: ['internal only'] }), { format, stream, request: 'Summarise this INTERNAL ONLY memo' });
    expect(result.upstreamRequest).toBeUndefined();
    expect(result.text).toContain('The message contains “internal only”');
    expect(result.violations).toEqual([]);
  });

  it('does not block on history, which was judged when it was new', async () => {
    const policy = policyFor({ blocked_phrases: ['internal only'] });
    const body = { model: 'gpt-5', messages: [{ role: 'user', content: 'internal only memo' }, { role: 'assistant', content: 'Blocked.' }, { role: 'user', content: 'ok, something else' }] };
    const result = await runPolicy(policy, { format: 'openai-chat', stream: false, request: body });
    expect(result.upstreamRequest).toBeDefined();
  });

  it.each(formats)('refuses attachments in new messages when asked (%s)', async (format) => {
    const policy = policyFor({ block_attachments: true });
    const request = testRequest(format, withAttachments(format));
    const decision = await policy.onRequest?.(request, testPolicyContext(policy, request));
    expect(decision).toEqual({ action: 'block', reason: expect.stringContaining('carries an image') as unknown });
  });

  it.each(formatMatrix)('blocks tools by name ($format, stream $stream)', async ({ format, stream }) => {
    const result = await runPolicy(policyFor({ blocked_tools: ['Exec_Command'] }), { format, stream, response: { blocks: [{ type: 'tool-call', name: 'exec_command', input: { cmd: 'ls' } }] } });
    expect(result.toolCalls).toEqual([]);
    expect(result.text).toContain('The `exec_command` tool is not allowed here.');
    expect(result.reply.stopReason).toBe('end-turn');
    expect(result.violations).toEqual([]);
  });

  it('with an empty configuration has no hooks at all', () => {
    const policy = policyFor({});
    expect(hooksOf(policy)).toEqual([]);
  });
});
