import { expect } from 'vitest';
import { BASH_TOOL, SESSION_ID, claudeCodeHeaders } from '../../../test/integration/support/claude-code-request.js';
import { postMessages } from '../../../test/integration/support/http-exchange.js';
import { anthropicStreamContent } from './anthropic-stream-content.js';

type Json = Record<string, unknown>;

// A 1×1 PNG, as a pasted screenshot would arrive (base64 in the request).
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==';
const READ_TOOL = { name: 'Read', description: 'Reads a file.', input_schema: { type: 'object', properties: { file_path: { type: 'string' } }, required: ['file_path'] } };
const metadata = { user_id: JSON.stringify({ device_id: 'a'.repeat(64), account_uuid: '', session_id: SESSION_ID }) };
const billing = { type: 'text', text: 'x-anthropic-billing-header: cc_version=2.1.197.123; cc_entrypoint=cli;' };

/** A main-loop request the way Claude Code builds it: whole history, cache breakpoint on the newest block. */
function mainLoopBody(messages: readonly Json[]): string {
  return JSON.stringify({
    model: 'claude-opus-4-8',
    max_tokens: 64000,
    stream: true,
    thinking: { type: 'adaptive' },
    metadata,
    system: [billing, { type: 'text', text: "You are Claude Code, Anthropic's official CLI for Claude.", cache_control: { type: 'ephemeral' } }],
    messages: withCacheBreakpoint(messages),
    tools: [BASH_TOOL, READ_TOOL],
    tool_choice: { type: 'auto' },
  });
}

/** Claude Code moves its one message cache breakpoint to the newest block every turn. */
function withCacheBreakpoint(messages: readonly Json[]): Json[] {
  return messages.map((message, index) => {
    if (index !== messages.length - 1 || !Array.isArray(message.content)) return message;
    const content = [...(message.content as Json[])];
    const lastBlock = content.at(-1);
    if (lastBlock !== undefined) content[content.length - 1] = { ...lastBlock, cache_control: { type: 'ephemeral' } };
    return { ...message, content };
  });
}

/** The session title request: another model, its own prompt and a one-message history, no tools. */
function titleBody(firstPrompt: string): string {
  return JSON.stringify({
    model: 'claude-haiku-4-5',
    max_tokens: 512,
    stream: false,
    metadata,
    system: [billing, { type: 'text', text: 'Write a 3-7 word title for this coding session. Answer with the title only.' }],
    messages: [{ role: 'user', content: firstPrompt }],
  });
}

/**
 * Drives a Claude Code-shaped session through the gateway at `url`: a greeting, the title side call,
 * a Bash tool call (first attempt overloaded, retried as is), its result sent back with the whole
 * history, a thinking answer a policy shouts, and a message with a screenshot.
 */
export async function runClaudeCodeSession(url: string): Promise<void> {
  const history: Json[] = [];
  const turn = async (content: Json[], headers: Record<string, string> = {}): Promise<void> => {
    history.push({ role: 'user', content });
    const answer = await postMessages(url, mainLoopBody(history), { ...claudeCodeHeaders, accept: 'text/event-stream', ...headers });
    expect(answer.status).toBe(200);
    history.push({ role: 'assistant', content: anthropicStreamContent(answer.text) });
  };

  const greeting = 'Hi! What can you do in this repository?';
  await turn([{ type: 'text', text: '<system-reminder>\nThe current date is 2026-11-25.\n</system-reminder>' }, { type: 'text', text: greeting }]);
  const title = await postMessages(url, titleBody(greeting), claudeCodeHeaders);
  expect(title.status).toBe(200);

  // Overloaded once: Claude Code sends the very same request again.
  const listFiles = [{ type: 'text', text: 'List the files here. mock:tool' }];
  const overloaded = await postMessages(url, mainLoopBody([...history, { role: 'user', content: listFiles }]), { ...claudeCodeHeaders, 'x-mock-script': 'error:529' });
  expect(overloaded.status).toBe(529);
  await turn(listFiles);

  const toolUse = (history.at(-1)?.content as Json[]).find((block) => block.type === 'tool_use');
  await turn([{ type: 'tool_result', tool_use_id: toolUse?.id, content: 'README.md\npackage.json\nsrc\n' }]);
  await turn([{ type: 'text', text: 'Explain what you did, LOUDLY. mock:thinking' }]);
  await turn([
    { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_BASE64 } },
    { type: 'text', text: 'What is in this screenshot?' },
  ]);
}
